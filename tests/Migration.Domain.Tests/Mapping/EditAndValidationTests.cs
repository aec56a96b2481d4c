using Migration.Domain.Mapping;

namespace Migration.Domain.Tests.Mapping;

public class EditAndValidationTests
{
    private static FieldMap Proposal() =>
        FieldMapProposal.Propose(SourceItems.From(SandboxDefinitions.Definitions, SandboxDefinitions.Profiles()), SandboxDefinitions.Profiles(), new MappingOptions());

    private static FieldTarget Person(string name, string type, params string[] options) =>
        new(TargetEntities.Person, TargetKinds.Custom, name, type) { Options = options };

    [Fact]
    public void An_edit_gives_version_2_based_on_1_and_the_diff_shows_the_changed_line()
    {
        var v1 = Proposal();
        var edit = new FieldMapEdit(1, "ayse@example.com", "gender codes are noise",
            [new FieldMapChange("profile:gender", FieldTarget.NotMoved), new FieldMapChange("profile:city", Person("City", PipedriveFieldTypes.Text))]);

        var result = FieldMapEdits.Apply(v1, edit);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Reason)));
        var v2 = result.Map!;
        Assert.Equal(2, v2.Version);
        Assert.Equal(1, v2.BasedOn);
        Assert.Equal("ayse@example.com", v2.EditedBy);
        Assert.Equal(Transforms.None, v2.Line("profile:gender")!.Transform);
        Assert.Equal(Transforms.Copy, v2.Line("profile:city")!.Transform);
        Assert.Contains("gender codes are noise", v2.Line("profile:city")!.Reason, StringComparison.Ordinal);
        Assert.Contains(v2.Line("profile:city")!.Alternatives, a => a.FieldType == PipedriveFieldTypes.Varchar);

        var diff = FieldMapDiff.Between(v1, v2);
        Assert.Equal(["profile:city", "profile:gender"], diff.Changes.Select(c => c.SourceId));
        var city = diff.Changes[0];
        Assert.Equal(PipedriveFieldTypes.Varchar, city.BeforeTarget!.FieldType);
        Assert.Equal(PipedriveFieldTypes.Text, city.AfterTarget!.FieldType);
        var markdown = FieldMapRendering.Markdown(diff);
        Assert.Contains("version 1 to 2", markdown, StringComparison.Ordinal);
        Assert.Contains("`profile:gender`", markdown, StringComparison.Ordinal);
        Assert.True(FieldMapDiff.Between(v1, v1).IsEmpty);
    }

    [Fact]
    public void An_edit_made_on_an_older_version_or_of_an_unknown_line_is_refused()
    {
        var v1 = Proposal();
        var stale = FieldMapEdits.Apply(v1, new FieldMapEdit(3, "ops", null, [new FieldMapChange("profile:city", FieldTarget.NotMoved)]));
        Assert.False(stale.Succeeded);
        Assert.Contains(stale.Problems, p => p.Code == FieldMapProblemCodes.StaleVersion);

        var unknown = FieldMapEdits.Apply(v1, new FieldMapEdit(1, "ops", null, [new FieldMapChange("profile:nope", FieldTarget.NotMoved)]));
        Assert.Equal("profile:nope", Assert.Single(unknown.Problems).SourceId);
    }

    [Fact]
    public void An_edit_that_makes_its_line_invalid_is_refused_with_the_reason()
    {
        var result = FieldMapEdits.Apply(Proposal(), new FieldMapEdit(1, "ops", null,
            [new FieldMapChange("profile:signupDate", Person("Signup Date", PipedriveFieldTypes.Double), Transforms.EpochMsOrIsoToDate)]));
        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(FieldMapProblemCodes.TypeClash, problem.Code);
        Assert.Equal("profile:signupDate", problem.SourceId);
    }

    [Fact]
    public void The_proposal_is_valid_and_unknown_targets_are_refused_with_what_to_use()
    {
        var map = Proposal();
        Assert.Empty(FieldMapValidator.Validate(map, MappingLimits.Unlimited));

        var broken = Replace(map,
            ("profile:city", l => l with { Target = new FieldTarget(TargetEntities.Person, TargetKinds.Standard, "hometown", null) }),
            ("profile:language", l => l with { Target = Person("Language", "boolean") }),
            ("profile:country", l => l with { Transform = "uppercase" }),
            ("profile:loyaltyPoints", l => l with { Target = l.Target with { Entity = "contact" } }));
        var problems = FieldMapValidator.Validate(broken, MappingLimits.Unlimited);

        Assert.Contains(problems, p => p.SourceId == "profile:city" && p.Code == FieldMapProblemCodes.UnknownStandardField && p.Reason.Contains("emails", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.SourceId == "profile:language" && p.Code == FieldMapProblemCodes.UnknownFieldType);
        Assert.Contains(problems, p => p.SourceId == "profile:country" && p.Code == FieldMapProblemCodes.UnknownTransform);
        Assert.Contains(problems, p => p.SourceId == "profile:loyaltyPoints" && p.Code == FieldMapProblemCodes.UnknownEntity);
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void Type_clashes_are_refused_a_transform_that_does_not_fit_two_types_for_one_field_and_options_missing()
    {
        var broken = Replace(Proposal(),
            ("profile:signupDate", l => l with { Target = Person("Signup Date", PipedriveFieldTypes.Double) }),
            ("profile:city", l => l with { Target = Person("Home", PipedriveFieldTypes.Varchar) }),
            ("profile:language", l => l with { Target = Person("home", PipedriveFieldTypes.Text), Transform = Transforms.Copy }),
            ("profile:favoriteCategories", l => l with { Target = l.Target with { Options = [] } }));
        var problems = FieldMapValidator.Validate(broken, MappingLimits.Unlimited);

        Assert.Contains(problems, p => p.SourceId == "profile:signupDate" && p.Code == FieldMapProblemCodes.TypeClash && p.Reason.Contains(Transforms.Number, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.SourceId == "profile:city" && p.Code == FieldMapProblemCodes.TypeClash && p.Reason.Contains("different types", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.SourceId == "profile:language" && p.Code == FieldMapProblemCodes.TypeClash);
        Assert.Contains(problems, p => p.SourceId == "profile:favoriteCategories" && p.Code == FieldMapProblemCodes.MissingOptions);
    }

    [Fact]
    public void The_external_id_cannot_be_moved_away_from_the_netmera_id_field()
    {
        var problems = FieldMapValidator.Validate(Replace(Proposal(),
            ("identity:extId", l => l with { Target = FieldTarget.NotMoved, Transform = Transforms.None }),
            ("profile:city", l => l with { Target = Person("Netmera ID", PipedriveFieldTypes.Varchar) })), MappingLimits.Unlimited);
        Assert.Contains(problems, p => p.SourceId == "identity:extId" && p.Code == FieldMapProblemCodes.ReservedField);
        Assert.Contains(problems, p => p.SourceId == "profile:city" && p.Code == FieldMapProblemCodes.ReservedField);
    }

    [Fact]
    public void A_map_needing_more_custom_fields_than_the_plan_leaves_is_refused_with_the_count()
    {
        var map = Proposal();
        var needed = FieldMapValidator.CustomFields(map).Count;
        Assert.Equal(40, needed);
        Assert.DoesNotContain(FieldMapValidator.Validate(map, new MappingLimits(needed)), p => p.Code == FieldMapProblemCodes.OverPlanCap);

        var lite = new MappingLimits(30 - 2); // a Lite account (cap 30) with two custom fields in use
        var cap = Assert.Single(FieldMapValidator.Validate(map, lite), p => p.Code == FieldMapProblemCodes.OverPlanCap);
        Assert.Null(cap.SourceId);
        Assert.Contains("needs 40 new custom fields", cap.Reason, StringComparison.Ordinal);
        Assert.Contains("leaves 28", cap.Reason, StringComparison.Ordinal);

        // Fields the account already has are reused, not created again.
        var reused = new MappingLimits(needed - 1) { ExistingFields = [MappingLimits.Key(TargetEntities.Person, "Netmera ID")] };
        Assert.DoesNotContain(FieldMapValidator.Validate(map, reused), p => p.Code == FieldMapProblemCodes.OverPlanCap);
    }

    [Fact]
    public void The_html_document_is_escaped_and_self_contained()
    {
        var map = Replace(Proposal(), ("profile:city", l => l with { Target = Person("<script>alert(1)</script>", PipedriveFieldTypes.Varchar) }));
        var html = FieldMapRendering.Html(map);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html, StringComparison.Ordinal);
        Assert.Contains("no yes/no (boolean) field type", html, StringComparison.Ordinal);
    }

    private static FieldMap Replace(FieldMap map, params (string SourceId, Func<MappingLine, MappingLine> Change)[] changes) =>
        map with
        {
            Lines = map.Lines.Select(l => changes.FirstOrDefault(c => c.SourceId == l.SourceId) is { Change: not null } c ? c.Change(l) : l).ToArray(),
        };
}
