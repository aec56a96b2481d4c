using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Tests.Hosting;

public sealed class SimulatedClockTests
{
    [Fact]
    public void Time_runs_scale_times_faster_than_the_clock_underneath()
    {
        var underneath = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var clock = new SimulatedClock(underneath, 60);
        var start = clock.GetUtcNow();

        underneath.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromMinutes(10), clock.GetUtcNow() - start);
        Assert.Equal(TimeSpan.FromMinutes(10), clock.GetElapsedTime(0));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromMinutes(70), clock.GetUtcNow() - start);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedClock(underneath, 0));
    }

    [Fact]
    public async Task Waits_on_the_clock_shrink_with_the_scale()
    {
        var clock = new SimulatedClock(TimeProvider.System, 20);
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(2), clock);
        watch.Stop();

        // 2 simulated seconds at 20x take about 100 ms of real time; well under a second even on a busy machine.
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(1_500));
    }

    [Fact]
    public async Task A_simulator_started_with_a_time_scale_runs_on_its_scaled_clock()
    {
        await using var simulator = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { TimeScale = 3_600 });
        var clock = Assert.IsType<SimulatedClock>(simulator.Clock);
        Assert.Equal(3_600, clock.Scale);
        var before = clock.GetUtcNow();
        await Task.Delay(50);
        Assert.True(clock.GetUtcNow() - before >= TimeSpan.FromMinutes(2), "an hour per second: 50 ms is three minutes");

        await Assert.ThrowsAsync<ArgumentException>(() =>
            PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { Clock = new FakeTimeProvider(), TimeScale = 10 }));
    }
}
