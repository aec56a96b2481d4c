using Migration.Domain.Runs;
using Migration.Domain.Staging;

namespace Migration.Domain.Tests;

public class RunOptionsTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.Empty(new RunOptions().Validate());

    [Fact]
    public void A_batch_larger_than_one_table_transaction_is_refused() =>
        Assert.Contains(new RunOptions { BatchSize = 101 }.Validate(), p => p.Contains("batchSize", StringComparison.Ordinal));

    [Fact]
    public void A_segment_page_outside_netmeras_limits_is_refused()
    {
        Assert.NotEmpty(new RunOptions { SegmentPageSize = 99 }.Validate());
        Assert.NotEmpty(new RunOptions { SegmentPageSize = 1001 }.Validate());
    }

    [Theory]
    [InlineData("run-20261128-1200-abc", true)]
    [InlineData("demo", true)]
    [InlineData("Run-Upper", false)]
    [InlineData("a/b", false)]
    [InlineData("x", false)]
    public void Run_ids_are_safe_as_keys_and_blob_prefixes(string id, bool valid) => Assert.Equal(valid, RunId.IsValid(id));

    [Fact]
    public void Staged_batches_are_named_by_number() =>
        Assert.Equal("staged/persons/000042.ndjson.gz", StagedBatch.Name(StagedBatch.Persons, 42));
}
