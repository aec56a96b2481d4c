using System.Globalization;
using System.Text;
using Migration.Domain.Reports;
using Migration.Domain.Source;

namespace Migration.Domain.Handover;

/// <summary>
/// The widget asset inventory (<c>reports/handover/widget-assets.md</c> and <c>.csv</c>): every widget and each of its
/// assets with its size, flagged when over the limit for its kind (image over 1 MB, video over 12 MB).
/// </summary>
public static class WidgetAssetInventory
{
    /// <summary>1 MB (1,024-based): images (GIFs included) above it are flagged.</summary>
    public const long ImageLimitBytes = 1024 * 1024;

    /// <summary>12 MB (1,024-based): videos above it are flagged.</summary>
    public const long VideoLimitBytes = 12 * 1024 * 1024;

    /// <summary>The limit of an asset kind as the reader names it (image, video), or null when none applies.</summary>
    public static long? LimitOf(string kind) => kind.Trim().ToLowerInvariant() switch
    {
        "image" or "gif" => ImageLimitBytes,
        "video" => VideoLimitBytes,
        _ => null,
    };

    public static bool IsOverLimit(WidgetAsset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return LimitOf(asset.Kind) is { } limit && asset.SizeBytes > limit;
    }

    public static HandoverDocument Render(string runId, DateTimeOffset generatedAt, Inventory<SourceWidget> widgets)
    {
        ArgumentNullException.ThrowIfNull(widgets);
        var artifact = HandoverArtifact.WidgetAssets;
        var md = widgets.Header(artifact, runId, generatedAt, "widget inventory", "widgets",
            "the list of Netmera's in-app widgets (pop-ups, banners, surveys, gamification) and the files they show, so each can be " +
            "re-created in the new messaging tool with its assets re-uploaded; assets over the size limits (image over 1 MB, video over 12 MB) " +
            "are flagged to be compressed or re-encoded first.",
            "Pipedrive has no in-app messaging: widgets and their assets do not move, and nothing in Pipedrive shows them to app users.");

        var csv = new StringBuilder();
        csv.AppendRow("widget_id", "widget_name", "widget_type", "asset_name", "asset_kind", "size_bytes", "size_mb", "limit_bytes", "over_limit", "flag");
        var assets = 0;
        var flagged = 0;
        if (widgets.Records.Count > 0)
            md.Append("| Widget | Type | Asset | Kind | Size | Flag |\n|---|---|---|---|---:|---|\n");
        foreach (var widget in widgets.Records)
        {
            if (widget.Assets.Count == 0)
            {
                csv.AppendRow(widget.Id, widget.Name, widget.Type, "", "", "", "", "", "", "no assets listed");
                md.Append(CultureInfo.InvariantCulture, $"| {HandoverText.Cell(widget.Name)} ({HandoverText.Cell(widget.Id)}) | {HandoverText.Cell(widget.Type)} | | | | no assets listed |\n");
                continue;
            }
            foreach (var asset in widget.Assets)
            {
                assets++;
                var limit = LimitOf(asset.Kind);
                var over = IsOverLimit(asset);
                var flag = over ? $"over the {Megabytes(limit!.Value)} MB {asset.Kind} limit: compress or re-encode before re-uploading"
                    : asset.SizeBytes <= 0 ? "size 0 bytes: check the file in Netmera"
                    : limit is null ? "no size limit for this kind"
                    : "";
                if (over)
                    flagged++;
                csv.AppendRow(widget.Id, widget.Name, widget.Type, asset.Name, asset.Kind, HandoverText.N(asset.SizeBytes), Megabytes(asset.SizeBytes),
                    HandoverText.N(limit), over ? "yes" : "no", flag);
                md.Append(CultureInfo.InvariantCulture,
                    $"| {HandoverText.Cell(widget.Name)} ({HandoverText.Cell(widget.Id)}) | {HandoverText.Cell(widget.Type)} | {HandoverText.Cell(asset.Name)} | {HandoverText.Cell(asset.Kind)} | {Megabytes(asset.SizeBytes)} MB | {(over ? "**" + HandoverText.Cell(flag) + "**" : HandoverText.Cell(flag))} |\n");
            }
        }
        if (widgets.Records.Count > 0)
            md.Append(CultureInfo.InvariantCulture, $"\n{widgets.Records.Count} widgets, {assets} assets, {flagged} over the size limits.\n");
        return new HandoverDocument(md.ToString(), csv.ToString(),
            widgets.Entry(artifact, "widget inventory", "widgets", $"widgets ({assets} assets, {flagged} over the size limits)"));
    }

    private static string Megabytes(long bytes) => (bytes / (1024d * 1024d)).ToString("0.00", CultureInfo.InvariantCulture);
}
