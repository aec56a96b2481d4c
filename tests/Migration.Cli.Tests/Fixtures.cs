namespace Migration.Cli.Tests;

/// <summary>Host answers shaped as docs/http-api.md describes them.</summary>
public static class Fixtures
{
    public const string Run = "/api/migrations/acme-2026-11";

    public static string Status(string runtime = "Running", string phase = "load-persons", string? gate = null, bool progress = true, string? failure = null) => $$"""
        {
          "runId": "acme-2026-11", "runtimeStatus": "{{runtime}}", "phase": "{{phase}}",
          "phases": [
            { "name": "extract", "expected": 2000, "created": 1990, "updated": 0, "skipped": 10, "rejected": 0, "done": 2000 },
            { "name": "load-persons", "expected": 1990, "created": 900, "updated": 0, "skipped": 0, "rejected": 17, "done": 917 },
            { "name": "load-activities", "expected": 0, "created": 0, "updated": 0, "skipped": 0, "rejected": 0, "done": 0 }
          ],
          {{(progress ? "\"progress\": { \"batchesDone\": 9, \"batchCount\": 20, \"tokensSpent\": 4585, \"eta\": \"2026-11-28T14:02:00+00:00\" }," : "")}}
          {{(gate is null ? "" : $$"""
          "openGate": { "name": "{{gate}}", "since": "2026-11-28T13:00:00+00:00", "question": "{{gate}} question: 93 of the segment's users are in the EU/EEA.", "decisions": ["approve", "exclude-eu"] },
          """)}}
          {{(failure is null ? "" : $$"""
          "failure": { "phase": "load-persons", "message": "{{failure}}", "resume": "Fix the cause, then POST the same request again." },
          """)}}
          "gates": [],
          "pipedrive": {
            "run": { "tokens": 4685, "requests": 937, "retries": 2, "rateLimited": 0, "serverErrors": 1 },
            "today": { "dailyTokens": 210000, "used": 50000, "left": 160000, "resetsAt": "2026-11-29T00:00:00+00:00" }
          }
        }
        """;

    public const string Mapping = """
        {
          "runId": "acme-2026-11", "version": 2, "latestVersion": 2, "versions": [1, 2], "problems": [],
          "map": { "version": 2, "lines": [
            { "sourceId": "profile:city", "source": { "kind": "profile", "code": "city", "name": "City", "dataType": "STRING", "isArray": false },
              "target": { "entity": "person", "kind": "custom", "name": "City", "fieldType": "varchar" }, "transform": "text", "confidence": 0.92,
              "reason": "name match", "alternatives": [], "flags": [] },
            { "sourceId": "event:n:cl", "source": { "kind": "event", "code": "n:cl", "name": "Login", "dataType": "EVENT", "isArray": false },
              "target": { "entity": "person", "kind": "summary", "name": "Login" }, "transform": "summary", "confidence": 0.5,
              "reason": "high frequency", "alternatives": [], "flags": ["summarised: no activity per event"] }
          ] }
        }
        """;

    public const string Diff = """
        { "runId": "acme-2026-11", "from": 1, "to": 2, "diff": { "fromVersion": 1, "toVersion": 2, "changes": [
          { "sourceId": "event:n:cl",
            "beforeTarget": { "entity": "activity", "kind": "activity-type", "name": "Login" }, "beforeTransform": "activity",
            "afterTarget": { "entity": "person", "kind": "summary", "name": "Login" }, "afterTransform": "summary" } ] } }
        """;

    public const string Estimate = """
        {
          "pipedrive": { "plan": "Ultimate", "seats": 1, "topUpTokens": 0, "oauth": false, "dailyTokens": 210000, "burstPerWindow": 120 },
          "lines": [ { "item": "persons", "records": 1000, "requests": 1000, "tokens": 5000 },
                     { "item": "event activities", "records": 2000, "requests": 2000, "tokens": 10000 } ],
          "records": 3000, "requests": 3000, "tokens": 15000, "dailyTokens": 210000, "days": 0.071, "budgetDays": 1, "burstHours": 0.014,
          "savings": [ { "option": "field map: events as summaries", "change": "summarise every event type", "tokensSaved": 10000, "daysSaved": 0.05 } ],
          "scopeIndividually": false, "verdict": "15,000 tokens fit in one day's budget of 210,000."
        }
        """;
}
