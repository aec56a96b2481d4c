using System.Globalization;
using System.Text;
using Migration.Domain.Reports;
using Migration.Domain.Source;

namespace Migration.Domain.Handover;

/// <summary>
/// The survey inventory (<c>reports/handover/surveys.md</c> and <c>.csv</c>): every Netmera survey with its format, its
/// trigger and its questions (type and options), one CSV row per question.
/// </summary>
public static class SurveyInventory
{
    public static HandoverDocument Render(string runId, DateTimeOffset generatedAt, Inventory<SourceSurvey> surveys)
    {
        ArgumentNullException.ThrowIfNull(surveys);
        var artifact = HandoverArtifact.Surveys;
        var md = surveys.Header(artifact, runId, generatedAt, "survey inventory", "surveys",
            "the list of Netmera surveys with their questions, format and trigger, so they can be re-created in the new tool and its " +
            "answers read next to the ones that moved.",
            "Pipedrive shows no surveys to app users. Answers moved as person fields (\"Survey: {survey}: {question}\") when the approved " +
            "field map moved them; the surveys themselves, their triggers and their display format must be rebuilt by hand in the new tool.");

        var csv = new StringBuilder();
        csv.AppendRow("survey_id", "survey_name", "format", "trigger", "question_number", "question_id", "question", "question_type", "options");
        foreach (var survey in surveys.Records)
        {
            md.Append(CultureInfo.InvariantCulture, $"## {survey.Name} (id {survey.Id})\n\n");
            md.Append(CultureInfo.InvariantCulture, $"- Format: {survey.Format ?? "not given in the inventory"}\n");
            md.Append(CultureInfo.InvariantCulture, $"- Trigger: {survey.Trigger ?? "not given in the inventory: read it in the Netmera panel"}\n\n");
            if (survey.Questions.Count == 0)
            {
                md.Append("No questions listed in the inventory.\n\n");
                csv.AppendRow(survey.Id, survey.Name, survey.Format, survey.Trigger, "", "", "", "", "");
                continue;
            }
            md.Append("| # | Question | Type | Options |\n|---:|---|---|---|\n");
            for (var i = 0; i < survey.Questions.Count; i++)
            {
                var q = survey.Questions[i];
                var options = string.Join(" | ", q.Options);
                csv.AppendRow(survey.Id, survey.Name, survey.Format, survey.Trigger, (i + 1).ToString(CultureInfo.InvariantCulture), q.Id, q.Text, q.Type, options);
                md.Append(CultureInfo.InvariantCulture,
                    $"| {i + 1} | {HandoverText.Cell(q.Text)} ({HandoverText.Cell(q.Id)}) | {HandoverText.Cell(q.Type)} | {HandoverText.Cell(string.Join(", ", q.Options))} |\n");
            }
            md.Append('\n');
        }
        var questions = surveys.Records.Sum(s => s.Questions.Count);
        return new HandoverDocument(md.ToString(), csv.ToString(),
            surveys.Entry(artifact, "survey inventory", "surveys", $"surveys ({questions} questions)"));
    }
}
