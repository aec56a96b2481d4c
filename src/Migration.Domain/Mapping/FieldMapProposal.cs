using System.Globalization;
using Migration.Domain.Persons;

namespace Migration.Domain.Mapping;

/// <summary>
/// The automatic field map (version 1): for every source item a target, a transform, a confidence and a
/// reason in plain words, from the item's Netmera type and what its values look like. The rules are in
/// docs/transforms.md ("Field map proposal"). Pure and deterministic: the same inputs give the same
/// document, lines ordered identity, profile, device, survey, tags, event, campaign, then by code.
/// </summary>
public static class FieldMapProposal
{
    /// <summary>The person custom field every migrated person carries its external id in.</summary>
    public const string NetmeraIdField = "Netmera ID";

    public const string DeviceGroup = "Device";
    public const string CampaignGroup = "Campaign";
    public const string EventGroup = "Events";

    /// <summary>The multiple-option person field tags go to when there are too many for labels.</summary>
    public const string TagsField = "Netmera tags";

    /// <summary>The multiple-option person field segment membership goes to; each moved segment's filter tests it.</summary>
    public const string SegmentsField = "Netmera segments";

    /// <summary>Events per user (among users who have the event) from which an event is summarised rather than made activities.</summary>
    public const double HighFrequencyPerUser = 10;

    /// <summary>An integer attribute with at most this many distinct codes may become a single-option field.</summary>
    public const int CodedValuesLimit = 10;

    /// <summary>The stages of the campaign pipeline, one per Netmera campaign status (matched ignoring case), in lifecycle order.</summary>
    public static IReadOnlyList<string> CampaignStages { get; } = ["Draft", "Scheduled", "Sending", "Finished"];

    private static readonly string[] KindOrder =
        [SourceKinds.Identity, SourceKinds.Profile, SourceKinds.Device, SourceKinds.Survey, SourceKinds.Tags, SourceKinds.Segments, SourceKinds.Event, SourceKinds.Campaign];

    private static readonly string[] FrequentEventWords = ["app open", "open app", "screen view", "page view", "session", "heartbeat", "scroll", "watch"];

    private static readonly string[] OwnerWords = ["owner", "accountmanager", "salesrep", "salesperson", "salesrepresentative", "assignedto", "relationshipmanager", "keyaccountmanager"];

    private static readonly string[] OrganizationWords =
        ["company", "companyname", "organization", "organisation", "organizationname", "employer", "firm", "firma", "şirket", "sirket", "şirketi", "workplace"];

    private static readonly string[] CodedWords = ["gender", "sex", "cinsiyet", "status", "type", "level", "tier"];

    private const string BooleanFlag = "Pipedrive has no yes/no field type: true and false become the options Yes and No of a single-option field.";
    private const string PushTokenFlag = "Push tokens do not work outside Netmera: Pipedrive cannot send pushes, so the tokens are kept for reference only (the push-token report lists them for re-opt-in).";

    public static FieldMap Propose(IReadOnlyList<SourceItem> items, IReadOnlyDictionary<string, ValueProfile> profiles, MappingOptions options)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(options);

        // Users profiled: an item of a user record without a profile had no value for any of them.
        var population = profiles.Values
            .Where(p => !p.SourceId.StartsWith(SourceKinds.Event + ":", StringComparison.Ordinal))
            .Select(p => p.Seen)
            .DefaultIfEmpty(0)
            .Max();
        var lines = new List<MappingLine>(items.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var id = SourceItems.IdOf(item);
            if (!ids.Add(id))
                continue;
            var profile = profiles.GetValueOrDefault(id);
            if (profile is null && population > 0 && item.Kind is SourceKinds.Profile or SourceKinds.Device or SourceKinds.Survey)
                profile = new ValueProfile(id) { Seen = population };
            lines.Add(LineFor(id, item, profile, options));
        }

        var ordered = lines
            .OrderBy(l => KindRank(l.Source.Kind))
            .ThenBy(l => l.Source.Code, StringComparer.Ordinal)
            .ThenBy(l => l.SourceId, StringComparer.Ordinal)
            .ToArray();
        return new FieldMap(1, ordered) { LabelThreshold = options.LabelThreshold, OrganizationsFromEmailDomain = options.OrganizationsFromEmailDomain };
    }

    private static int KindRank(string kind)
    {
        var rank = Array.IndexOf(KindOrder, kind);
        return rank < 0 ? KindOrder.Length : rank;
    }

    /// <summary>A proposal for one item before it becomes a line.</summary>
    private sealed record Choice(FieldTarget Target, string Transform, double Confidence, string Reason)
    {
        public IReadOnlyList<FieldTarget> Alternatives { get; init; } = [];
        public IReadOnlyList<string> Flags { get; init; } = [];
        public string? Group { get; init; }
    }

    private static MappingLine LineFor(string id, SourceItem item, ValueProfile? profile, MappingOptions options)
    {
        var choice = item.Kind switch
        {
            SourceKinds.Identity => Identity(item),
            SourceKinds.Profile => Profile(item, profile),
            SourceKinds.Device => Device(item, profile),
            SourceKinds.Survey => Survey(item, profile),
            SourceKinds.Tags => Tags(item, profile, options),
            SourceKinds.Segments => Segments(item),
            SourceKinds.Event => Event(item, profile),
            SourceKinds.Campaign => Campaign(item),
            _ => new Choice(FieldTarget.NotMoved, Transforms.None, 0.5, $"'{item.Kind}' is not a kind of source item the proposal knows: not moved"),
        };
        return new MappingLine(id, item, choice.Target, choice.Transform, Math.Round(choice.Confidence, 2), choice.Reason, choice.Alternatives)
        {
            Group = choice.Group,
            Flags = choice.Flags,
        };
    }

    private static FieldTarget Custom(string entity, string name, string type, IReadOnlyList<string>? options = null) =>
        new(entity, TargetKinds.Custom, PersonMapping.Truncate(name, Transforms.VarcharLimit), type) { Options = options ?? [] };

    private static FieldTarget Person(string name, string type, IReadOnlyList<string>? options = null) => Custom(TargetEntities.Person, name, type, options);

    private static FieldTarget Standard(string entity, string code, IReadOnlyList<string>? options = null) =>
        new(entity, TargetKinds.Standard, code, null) { Options = options ?? [] };

    private static IReadOnlyList<string> YesNo { get; } = [Transforms.Yes, Transforms.No];

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    // ---- identity -------------------------------------------------------------------------------

    private static Choice Identity(SourceItem item) => item.Code switch
    {
        SourceItems.ExtId => new Choice(Person(NetmeraIdField, PipedriveFieldTypes.Varchar), Transforms.Copy, 1,
            "The user's external id goes to the \"Netmera ID\" text field on every person: it is how a person is found again (a write whose record was lost, a delta sync, a rollback). Always moved."),
        SourceItems.Email => new Choice(Standard(TargetEntities.Person, "emails"), Transforms.Email, 1,
            "Pipedrive's own email field; trimmed and lower-cased, an invalid address rejects the user with a reason.")
        {
            Alternatives = [Person("Email", PipedriveFieldTypes.Varchar)],
        },
        SourceItems.Msisdn => new Choice(Standard(TargetEntities.Person, "phones"), Transforms.Phone, 1,
            "Pipedrive's own phone field, as international digits with a leading +.")
        {
            Alternatives = [Person("MSISDN", PipedriveFieldTypes.Phone)],
        },
        _ => new Choice(Person(item.Name, PipedriveFieldTypes.Varchar), Transforms.Truncate255, 0.7, "An identifier kept as text."),
    };

    // ---- profile attributes ---------------------------------------------------------------------

    private static Choice Profile(SourceItem item, ValueProfile? profile)
    {
        if (item.Code is "name" or "surname")
        {
            return new Choice(Standard(TargetEntities.Person, "name"), Transforms.JoinName, 1,
                "Name and surname are joined into the person's name (Pipedrive derives first and last name from it); an empty name becomes the email, else the phone.")
            {
                Alternatives = [Standard(TargetEntities.Person, item.Code == "name" ? "first_name" : "last_name")],
            };
        }

        if (IsOwner(item))
        {
            return new Choice(Standard(TargetEntities.Person, "owner_id"), Transforms.OwnerByEmailThenName, 0.8,
                $"\"{item.Name}\" names who looks after the user: it becomes the person's owner, matched to a Pipedrive user by email, else by name.")
            {
                Alternatives = [Person(item.Name, PipedriveFieldTypes.Varchar)],
                Flags = ["Owners not found among the Pipedrive users get the account's default owner; check the user list before approving."],
            };
        }

        if (IsOrganization(item))
        {
            var note = profile is { MaxLength: > Transforms.VarcharLimit }
                ? $" The longest value has {N(profile.MaxLength)} characters: organization names are cut at 255."
                : "";
            return Unused(new Choice(Standard(TargetEntities.Organization, "name"), Transforms.Truncate255, 0.8,
                $"\"{item.Name}\" names where the user works: each distinct value (case and spaces ignored) becomes one Pipedrive organization, named by its commonest spelling, and the person is linked to it.{note}")
            {
                Alternatives = [Person(item.Name, PipedriveFieldTypes.Varchar)],
            }, profile);
        }

        return Unused(Typed(item, profile, TargetEntities.Person, item.Name), profile);
    }

    /// <summary>A text attribute whose code or name has a word like company, organization, employer, firm or şirket.</summary>
    private static bool IsOrganization(SourceItem item)
    {
        if (item.IsArray || Category(item.DataType) != "string")
            return false;
        return Words(item.Code).Concat(Words(item.Name)).Any(w => OrganizationWords.Contains(w, StringComparer.Ordinal));
    }

    /// <summary>Lower-case words of a code or name: split at non-letters and where camelCase turns upper ("companyName": company, name).</summary>
    private static IEnumerable<string> Words(string text)
    {
        var word = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var boundary = !char.IsLetterOrDigit(c) || (char.IsUpper(c) && i > 0 && char.IsLower(text[i - 1]));
            if (boundary && word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
            if (char.IsLetterOrDigit(c))
                word.Append(char.ToLowerInvariant(c));
        }
        if (word.Length > 0)
            yield return word.ToString();
    }

    private static bool IsOwner(SourceItem item)
    {
        if (item.IsArray || item.DataType != "STRING")
            return false;
        string Squash(string s) => new(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        var code = Squash(item.Code);
        var name = Squash(item.Name);
        return OwnerWords.Any(w => code.Contains(w, StringComparison.Ordinal) || name.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>An item nobody has a value for is proposed as not moved: an empty field would only use up the plan's custom fields.</summary>
    private static Choice Unused(Choice choice, ValueProfile? profile)
    {
        if (profile is null || profile.Seen == 0 || profile.NonNull > 0 || choice.Target.Kind == TargetKinds.None)
            return choice;
        return new Choice(FieldTarget.NotMoved, Transforms.None, 0.6,
            $"None of the {N(profile.Seen)} users profiled has a value: not moved, so it does not use up a custom field. Choose the alternative if it will be filled later.")
        {
            Alternatives = [choice.Target, .. choice.Alternatives],
            Group = choice.Group,
        };
    }

    private static string Category(string dataType) => dataType switch
    {
        "STRING" or "TEXT" or "VARCHAR" or "" => "string",
        "INTEGER" or "INT" or "LONG" or "DOUBLE" or "FLOAT" or "DECIMAL" or "NUMBER" or "NUMERIC" or "RATING" => "number",
        "DATE" or "DATETIME" or "TIMESTAMP" => "date",
        "BOOLEAN" or "BOOL" => "boolean",
        _ => "unknown",
    };

    /// <summary>The type rules shared by profile attributes and the like: the Netmera type decides, the value profile refines.</summary>
    private static Choice Typed(SourceItem item, ValueProfile? profile, string entity, string fieldName)
    {
        if (item.IsArray)
            return List(item, profile, entity, fieldName);

        var profiled = profile is { NonNull: > 0 };
        switch (Category(item.DataType))
        {
            case "boolean":
                return new Choice(Custom(entity, fieldName, PipedriveFieldTypes.Enum, YesNo), Transforms.BooleanYesNo, profiled ? 0.9 : 0.8,
                    "A yes/no attribute. Pipedrive has no boolean field type, so it becomes a single-option field with the options Yes and No.")
                {
                    Alternatives = [Custom(entity, fieldName, PipedriveFieldTypes.Varchar)],
                    Flags = [BooleanFlag],
                };

            case "number":
                if (IsCoded(item, profile))
                {
                    var codes = profile!.Values.Select(v => v.Value).ToArray();
                    return new Choice(Custom(entity, fieldName, PipedriveFieldTypes.Enum, codes), Transforms.Option, 0.6,
                        $"Netmera stores {item.Name} as number codes; only {codes.Length} were seen ({string.Join(", ", codes)}), so each code becomes an option of a single-option field. Rename the options to words (what each code means) before approving, or choose a number field.")
                    {
                        Alternatives = [Custom(entity, fieldName, PipedriveFieldTypes.Double)],
                        Flags = ["Coded values: the options are the raw codes until renamed."],
                    };
                }

                var numberReason = $"A number attribute ({item.DataType}): a number field.";
                var numberFlags = new List<string>();
                if (profile?.Has(ValueTypes.NumericString) == true)
                    numberReason += " Some values are stored as text (\"150\"); they are read as numbers.";
                if (profile?.Has(ValueTypes.String) == true || profile?.Has(ValueTypes.Bool) == true)
                    numberFlags.Add("Some values are not numbers: they will be left out of the person and counted.");
                return new Choice(Custom(entity, fieldName, PipedriveFieldTypes.Double), Transforms.Number, !profiled ? 0.8 : numberFlags.Count > 0 ? 0.7 : 0.9, numberReason)
                {
                    Alternatives = [Custom(entity, fieldName, PipedriveFieldTypes.Varchar)],
                    Flags = numberFlags,
                };

            case "date":
                var dateFlags = new List<string>();
                if (profile?.Has(ValueTypes.String) == true || profile?.Has(ValueTypes.Bool) == true)
                    dateFlags.Add("Some values are neither epoch milliseconds nor ISO dates: they will be left out of the person and counted.");
                var seenAs = profile is null ? "" : string.Join(" and ", new[]
                {
                    profile.Has(ValueTypes.Number) || profile.Has(ValueTypes.NumericString) ? "epoch milliseconds" : null,
                    profile.Has(ValueTypes.IsoDate) ? "ISO dates" : null,
                }.Where(s => s is not null));
                return new Choice(Custom(entity, fieldName, PipedriveFieldTypes.Date), Transforms.EpochMsOrIsoToDate, !profiled ? 0.8 : dateFlags.Count > 0 ? 0.7 : 0.9,
                    $"A date attribute{(seenAs.Length > 0 ? $" (values seen as {seenAs})" : "")}: a date field holding the UTC calendar day.")
                {
                    Alternatives = [Custom(entity, fieldName, PipedriveFieldTypes.Varchar)],
                    Flags = dateFlags,
                };

            case "string":
                return Text(item, profile, entity, fieldName);

            default:
                return new Choice(Custom(entity, fieldName, PipedriveFieldTypes.Varchar), Transforms.Truncate255, 0.5,
                    $"Netmera type '{item.DataType}' is not one the proposal knows: kept as text, cut at 255 characters.")
                {
                    Alternatives = [Custom(entity, fieldName, PipedriveFieldTypes.Text)],
                };
        }
    }

    private static bool IsCoded(SourceItem item, ValueProfile? profile)
    {
        if (item.DataType is not ("INTEGER" or "INT" or "LONG") || profile is null || profile.Values.Count is 0 or > CodedValuesLimit)
            return false;
        var words = (item.Code + " " + item.Name).ToLowerInvariant();
        return CodedWords.Any(w => words.Contains(w, StringComparison.Ordinal));
    }

    private static Choice Text(SourceItem item, ValueProfile? profile, string entity, string fieldName)
    {
        if (profile is not { NonNull: > 0 })
        {
            return new Choice(Custom(entity, fieldName, PipedriveFieldTypes.Varchar), Transforms.Truncate255, 0.7,
                "A text attribute; no values were profiled, so a 255-character text field. Longer values would be cut: choose long text if they can be longer.")
            {
                Alternatives = [Custom(entity, fieldName, PipedriveFieldTypes.Text)],
            };
        }

        if (profile.MaxLength > Transforms.VarcharLimit)
        {
            return new Choice(Custom(entity, fieldName, PipedriveFieldTypes.Text), Transforms.Copy, 0.9,
                $"A text attribute; the longest value has {N(profile.MaxLength)} characters, over the 255 a short text field holds: long text.")
            {
                Alternatives = [Custom(entity, fieldName, PipedriveFieldTypes.Varchar)],
            };
        }

        var alternatives = new List<FieldTarget> { Custom(entity, fieldName, PipedriveFieldTypes.Text) };
        var reason = $"A text attribute; the longest value has {N(profile.MaxLength)} characters, within the 255 of a short text field.";
        if (profile.TypesSeen.All(t => t is ValueTypes.NumericString or ValueTypes.EpochMs))
        {
            alternatives.Add(Custom(entity, fieldName, PipedriveFieldTypes.Double));
            reason += " Every value seen is a number written as text: a number field is an alternative (leading zeros would be lost).";
        }

        if (profile.Values.Count is > 0 and <= 20 && profile.NonNull >= 5L * profile.Values.Count)
        {
            alternatives.Add(Custom(entity, fieldName, PipedriveFieldTypes.Enum, profile.Values.Select(v => v.Value).ToArray()));
            reason += $" Only {profile.Values.Count} distinct values: a single-option field is an alternative.";
        }

        return new Choice(Custom(entity, fieldName, PipedriveFieldTypes.Varchar), Transforms.Truncate255, 0.9, reason) { Alternatives = alternatives };
    }

    private static Choice List(SourceItem item, ValueProfile? profile, string entity, string fieldName)
    {
        var observed = profile?.Values.Select(v => v.Value).ToArray() ?? [];
        var options = observed.Length > 0 ? observed : item.Options.ToArray();
        var joined = Custom(entity, fieldName, PipedriveFieldTypes.Text);
        if (options.Length > 0)
        {
            return new Choice(Custom(entity, fieldName, PipedriveFieldTypes.Set, options), Transforms.ArrayToOptions, observed.Length > 0 ? 0.85 : 0.7,
                $"A list attribute with {options.Length} distinct values {(observed.Length > 0 ? "seen" : "defined")}: each becomes an option of a multiple-option field.")
            {
                Alternatives = [joined],
            };
        }

        var why = profile is { NonNull: > 0 }
            ? $"A list attribute with {profile.DistinctText} distinct values, too many for options: the elements are joined into long text."
            : "A list attribute whose values were not profiled: the elements are joined into long text (choose a multiple-option field and its options if the vocabulary is small).";
        return new Choice(Custom(entity, fieldName, PipedriveFieldTypes.Text), Transforms.JoinValues, profile is { NonNull: > 0 } ? 0.7 : 0.5, why)
        {
            Alternatives = [Custom(entity, fieldName, PipedriveFieldTypes.Set)],
        };
    }

    // ---- devices --------------------------------------------------------------------------------

    private static Choice Device(SourceItem item, ValueProfile? profile)
    {
        var name = $"{DeviceGroup}: {item.Name}";
        var joinedType = profile?.MaxJoinedLength > Transforms.VarcharLimit ? PipedriveFieldTypes.Text : PipedriveFieldTypes.Varchar;
        var joinedNote = joinedType == PipedriveFieldTypes.Text
            ? $" Joined, the longest holds {N(profile!.MaxJoinedLength)} characters: long text."
            : "";
        var several = profile is { MaxPerUser: > 1 } ? $" Users have up to {profile.MaxPerUser} devices; their values are joined." : " A user with several devices gets their values joined.";
        Choice choice = item.Code switch
        {
            SourceItems.DevicePlatform when profile is { Values.Count: > 0 } => new Choice(
                Person(name, PipedriveFieldTypes.Set, profile.Values.Select(v => v.Value).ToArray()), Transforms.ArrayToOptions, 0.8,
                $"The platforms of the user's devices ({profile.Values.Count} seen) as a multiple-option field, since a user can have several devices.")
            {
                Alternatives = [Person(name, PipedriveFieldTypes.Varchar)],
            },
            SourceItems.DeviceToken => new Choice(Person(name, joinedType), Transforms.JoinDevices, 0.7,
                "The push tokens of the user's devices, for reference." + several + joinedNote)
            {
                Alternatives = [FieldTarget.NotMoved, Person(name, joinedType == PipedriveFieldTypes.Text ? PipedriveFieldTypes.Varchar : PipedriveFieldTypes.Text)],
                Flags = [PushTokenFlag],
            },
            SourceItems.DevicePushPermitted => new Choice(Person(name, PipedriveFieldTypes.Enum, YesNo), Transforms.BooleanYesNo, 0.8,
                "Whether the user allows push: Yes when any device does. Pipedrive has no yes/no field type, so a single-option field with Yes and No.")
            {
                Alternatives = [FieldTarget.NotMoved],
                Flags = [BooleanFlag],
            },
            _ => new Choice(Person(name, joinedType), Transforms.JoinDevices, 0.8, $"The {item.Name.ToLowerInvariant()} of the user's devices as text." + several + joinedNote)
            {
                Alternatives = [FieldTarget.NotMoved],
            },
        };
        return Unused(choice with { Group = DeviceGroup }, profile);
    }

    // ---- surveys --------------------------------------------------------------------------------

    private static Choice Survey(SourceItem item, ValueProfile? profile)
    {
        var survey = string.IsNullOrWhiteSpace(item.ParentName) ? item.Code.Split('/')[0] : item.ParentName.Trim();
        var group = $"Survey: {survey}";
        var name = $"{group}: {item.Name}";
        var observed = profile?.Values.Select(v => v.Value).ToArray() ?? [];
        var options = item.Options.Count > 0 ? item.Options : observed;
        Choice choice = item.DataType switch
        {
            "SINGLE_CHOICE" => new Choice(Person(name, PipedriveFieldTypes.Enum, options), Transforms.Option, options.Count > 0 ? 0.9 : 0.4,
                $"A single-choice question: its {options.Count} options become the options of a single-option field.")
            {
                Alternatives = [Person(name, PipedriveFieldTypes.Varchar)],
            },
            "MULTIPLE_CHOICE" => new Choice(Person(name, PipedriveFieldTypes.Set, options), Transforms.ArrayToOptions, options.Count > 0 ? 0.9 : 0.4,
                $"A multiple-choice question: its {options.Count} options become the options of a multiple-option field.")
            {
                Alternatives = [Person(name, PipedriveFieldTypes.Text)],
            },
            "RATING" => new Choice(Person(name, PipedriveFieldTypes.Double), Transforms.Number, 0.9, "A rating question: the score as a number.")
            {
                Alternatives = [Person(name, PipedriveFieldTypes.Varchar)],
            },
            "TEXT" when profile is { NonNull: > 0 } && profile.MaxLength <= Transforms.VarcharLimit => new Choice(
                Person(name, PipedriveFieldTypes.Varchar), Transforms.Truncate255, 0.8,
                $"A free-text question; the longest answer has {N(profile.MaxLength)} characters: a short text field.")
            {
                Alternatives = [Person(name, PipedriveFieldTypes.Text)],
            },
            "TEXT" => new Choice(Person(name, PipedriveFieldTypes.Text), Transforms.Copy, 0.8,
                profile is { NonNull: > 0 }
                    ? $"A free-text question; the longest answer has {N(profile.MaxLength)} characters: long text."
                    : "A free-text question: long text, since answers can be long.")
            {
                Alternatives = [Person(name, PipedriveFieldTypes.Varchar)],
            },
            _ => new Choice(Person(name, PipedriveFieldTypes.Varchar), Transforms.Truncate255, 0.5,
                $"Question type '{item.DataType}' is not one the proposal knows: the answer as text.")
            {
                Alternatives = [Person(name, PipedriveFieldTypes.Text)],
            },
        };
        var flags = item.DataType is "SINGLE_CHOICE" or "MULTIPLE_CHOICE" && options.Count == 0
            ? new[] { "No options are known for this question: add them before approving." }
            : [];
        return Unused(choice with { Group = group, Flags = flags }, profile);
    }

    // ---- tags -----------------------------------------------------------------------------------

    private static Choice Tags(SourceItem item, ValueProfile? profile, MappingOptions options)
    {
        var vocabulary = item.Options;
        var labels = new FieldTarget(TargetEntities.Person, TargetKinds.Label, "label_ids", null) { Options = vocabulary };
        var field = Person(TagsField, PipedriveFieldTypes.Set, vocabulary);
        if (vocabulary.Count == 0)
            return new Choice(FieldTarget.NotMoved, Transforms.None, 0.8, "No tags are defined or seen on users: nothing to move.") { Alternatives = [labels] };

        var merged = profile?.Values.Where(v => v.Variants.Count > 0).Select(v => string.Join("/", new[] { v.Value }.Concat(v.Variants))).ToArray() ?? [];
        var mergedNote = merged.Length > 0
            ? $" Spellings that differ only in case or spaces are one tag ({string.Join(", ", merged)})."
            : " Spellings that differ only in case or spaces are one tag.";
        if (vocabulary.Count <= options.LabelThreshold)
        {
            return new Choice(labels, Transforms.TagsToLabels, 0.85,
                $"{vocabulary.Count} distinct tags, within the threshold of {options.LabelThreshold}: each becomes a person label, which Pipedrive shows on the person and filters by.{mergedNote}")
            {
                Alternatives = [field],
            };
        }

        return new Choice(field, Transforms.TagsToOptions, 0.8,
            $"{vocabulary.Count} distinct tags, more than the {options.LabelThreshold} that stay usable as labels: a multiple-option field \"{TagsField}\" instead.{mergedNote}")
        {
            Alternatives = [labels],
        };
    }

    // ---- segments -------------------------------------------------------------------------------

    private static Choice Segments(SourceItem item)
    {
        if (item.Options.Count == 0)
            return new Choice(FieldTarget.NotMoved, Transforms.None, 0.8, "No segment's members were read: nothing to move.");
        var names = string.Join(", ", item.Options.Take(5).Select(o => $"\"{o}\"")) + (item.Options.Count > 5 ? $" and {item.Options.Count - 5} more" : "");
        return new Choice(Person(SegmentsField, PipedriveFieldTypes.Set, item.Options), Transforms.ArrayToOptions, 0.9,
            $"Membership of the {item.Options.Count} Netmera segments read at extraction ({names}): each segment is an option of the multiple-option field \"{SegmentsField}\", " +
            "and the filters phase makes one person filter per segment on it.")
        {
            Alternatives = [FieldTarget.NotMoved],
            Flags = ["A snapshot: Netmera's segment rules cannot be read through its REST API, so membership is copied as it was at extraction and does not update. reports/segment-filter-map.md lists each rule to rebuild by hand."],
        };
    }

    // ---- events ---------------------------------------------------------------------------------

    private static Choice Event(SourceItem item, ValueProfile? profile)
    {
        var activity = new FieldTarget(TargetEntities.Activity, TargetKinds.ActivityType, PersonMapping.Truncate(item.Name, Transforms.VarcharLimit), null);
        var summary = new FieldTarget(TargetEntities.Person, TargetKinds.Summary, PersonMapping.Truncate(item.Name, 200), null);
        Choice Summarised(double confidence, string reason) =>
            new(summary, Transforms.Summary, confidence, reason) { Alternatives = [activity, FieldTarget.NotMoved], Group = EventGroup };
        Choice Activities(double confidence, string reason) =>
            new(activity, Transforms.EventToActivity, confidence, reason) { Alternatives = [summary, FieldTarget.NotMoved], Group = EventGroup };

        if (profile is { Occurrences: > 0, NonNull: > 0 })
        {
            var perUser = (double)profile.Occurrences / profile.NonNull;
            return perUser >= HighFrequencyPerUser
                ? Summarised(0.8, $"About {N(perUser)} per user who has it ({N(profile.Occurrences)} in all): too frequent for one activity each, so the count and the first and last time are kept on the person.")
                : Activities(0.8, $"About {N(perUser)} per user who has it ({N(profile.Occurrences)} in all): each becomes an activity of type \"{item.Name}\".");
        }

        var words = $"{item.Name} {item.Code}".ToLowerInvariant().Replace('_', ' ').Replace('-', ' ');
        return FrequentEventWords.Any(w => words.Contains(w, StringComparison.Ordinal))
            ? Summarised(0.6, "The name suggests a frequent event (app opens, screen views, sessions, plays): the count and the first and last time are kept on the person. No frequency was measured, so this is a guess from the name.")
            : Activities(0.6, $"Each event becomes an activity of type \"{item.Name}\". No frequency was measured: if it happens many times per user, summarise it instead.");
    }

    // ---- campaigns ------------------------------------------------------------------------------

    private static Choice Campaign(SourceItem item)
    {
        var name = $"{CampaignGroup}: {item.Name}";
        FieldTarget Deal(string type, IReadOnlyList<string>? options = null) => Custom(TargetEntities.Deal, name, type, options);
        Choice choice = item.Code switch
        {
            "name" => new Choice(Standard(TargetEntities.Deal, "title"), Transforms.Copy, 0.9,
                "Each campaign becomes a deal in a campaign pipeline; the campaign's name is the deal's title.")
            {
                Alternatives = [Deal(PipedriveFieldTypes.Varchar)],
            },
            "status" => new Choice(Standard(TargetEntities.Deal, "stage_id", CampaignStages), Transforms.Option, 0.7,
                "Each Netmera campaign status (DRAFT, SCHEDULED, SENDING, FINISHED) is the stage of the same name in the campaign pipeline; the deal stays open."
                + (item.Options.Any(o => !CampaignStages.Contains(o, StringComparer.OrdinalIgnoreCase))
                    ? $" Statuses without a stage are left out: {string.Join(", ", item.Options.Where(o => !CampaignStages.Contains(o, StringComparer.OrdinalIgnoreCase)))}."
                    : ""))
            {
                Alternatives = [Deal(PipedriveFieldTypes.Enum, item.Options.Count > 0 ? item.Options : CampaignStages), Standard(TargetEntities.Deal, "status")],
            },
            "type" when item.Options.Count > 0 => new Choice(Deal(PipedriveFieldTypes.Enum, item.Options), Transforms.Option, 0.8,
                $"The campaign type ({string.Join(", ", item.Options)}) as a single-option deal field.")
            {
                Alternatives = [Deal(PipedriveFieldTypes.Varchar)],
            },
            "message" => new Choice(Deal(PipedriveFieldTypes.Text), Transforms.Copy, 0.8, "The message text as long text on the deal.")
            {
                Alternatives = [Deal(PipedriveFieldTypes.Varchar)],
            },
            _ => Category(item.DataType) switch
            {
                "number" => new Choice(Deal(PipedriveFieldTypes.Double), Transforms.Number, 0.8, $"The campaign's {item.Name.ToLowerInvariant()} count as a number on the deal.")
                {
                    Alternatives = [FieldTarget.NotMoved],
                },
                "date" => new Choice(Deal(PipedriveFieldTypes.Date), Transforms.EpochMsOrIsoToDate, 0.8, $"The campaign's {item.Name.ToLowerInvariant()} (UTC day) as a date on the deal.")
                {
                    Alternatives = [Standard(TargetEntities.Deal, "expected_close_date"), FieldTarget.NotMoved],
                },
                _ => new Choice(Deal(PipedriveFieldTypes.Varchar), Transforms.Truncate255, 0.8, $"The campaign's {item.Name.ToLowerInvariant()} as text on the deal.")
                {
                    Alternatives = [Deal(PipedriveFieldTypes.Text), FieldTarget.NotMoved],
                },
            },
        };
        return choice with { Group = CampaignGroup };
    }
}
