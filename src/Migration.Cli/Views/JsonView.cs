using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Migration.Cli.Views;

/// <summary>Any JSON answer as a tree a person can read: what the CLI shows when it has no dedicated view.</summary>
public static class JsonView
{
    public static IRenderable Render(string title, JsonNode? node)
    {
        var tree = new Tree(new Markup($"[bold]{Markup.Escape(title)}[/]"));
        Add(tree, node);
        return tree;
    }

    private static void Add(IHasTreeNodes parent, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is JsonObject or JsonArray)
                        Add(parent.AddNode(new Markup($"[grey]{Markup.Escape(key)}[/]")), value);
                    else
                        parent.AddNode(new Markup($"[grey]{Markup.Escape(key)}:[/] {Markup.Escape(Scalar(value))}"));
                }
                break;
            case JsonArray array:
                var i = 0;
                foreach (var item in array)
                {
                    if (item is JsonObject or JsonArray)
                        Add(parent.AddNode(new Markup($"[grey]{i}[/]")), item);
                    else
                        parent.AddNode(new Markup(Markup.Escape(Scalar(item))));
                    i++;
                }
                if (array.Count == 0)
                    parent.AddNode(new Markup("[grey](none)[/]"));
                break;
            default:
                parent.AddNode(new Markup(Markup.Escape(Scalar(node))));
                break;
        }
    }

    public static string Scalar(JsonNode? value) => value switch
    {
        null => "-",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}
