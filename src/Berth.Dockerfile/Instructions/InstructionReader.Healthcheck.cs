using System.Globalization;

namespace Berth.Dockerfile.Instructions;

/// <summary>HEALTHCHECK: NONE or CMD with its interval flags.</summary>
internal static partial class InstructionReader
{
    private static HealthcheckInstruction ReadHealthcheck(NodeContext context, InstructionFlags flags)
    {
        var node = context.Node;
        if (node.Args.Count == 0)
        {
            throw context.Error("HEALTHCHECK requires at least one argument");
        }
        var type = node.Args[0].ToUpperInvariant();
        var args = node.Args.Skip(1).ToList();
        if (type == "NONE")
        {
            if (args.Count != 0)
            {
                throw context.Error("HEALTHCHECK NONE takes no arguments");
            }
            return Healthcheck(context, new HealthcheckConfig(["NONE"], TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0));
        }
        flags.AddString("interval");
        flags.AddString("timeout");
        flags.AddString("start-period");
        flags.AddString("start-interval");
        flags.AddString("retries");
        flags.Parse();
        if (type != "CMD")
        {
            throw context.Error($"Unknown type {GoFormat.Quote(type)} in HEALTHCHECK (try CMD)");
        }
        IReadOnlyList<string> command = args.Count == 0 ? [] : node.IsJson ? args : [string.Join(' ', args)];
        if (command.Count == 0)
        {
            throw context.Error("Missing command after HEALTHCHECK CMD");
        }
        var test = new List<string> { node.IsJson ? "CMD" : "CMD-SHELL" };
        test.AddRange(command);
        var retries = 0;
        if (NullIfEmpty(flags.String("retries")) is { } retriesText)
        {
            if (!long.TryParse(retriesText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) || parsed is > int.MaxValue or < int.MinValue)
            {
                throw context.Error($"strconv.ParseInt: parsing {GoFormat.Quote(retriesText)}: invalid syntax");
            }
            if (parsed < 0)
            {
                throw context.Error($"--retries cannot be negative ({parsed})");
            }
            retries = (int)parsed;
        }
        return Healthcheck(context, new HealthcheckConfig(
            test,
            Interval(flags, "interval"),
            Interval(flags, "timeout"),
            Interval(flags, "start-period"),
            Interval(flags, "start-interval"),
            retries));
    }

    private static HealthcheckInstruction Healthcheck(NodeContext context, HealthcheckConfig config) => new()
    {
        Health = config,
        File = context.File,
        StartLine = context.Node.StartLine,
        EndLine = context.Node.EndLine,
        Original = context.Node.Original,
    };

    /// <summary>A HEALTHCHECK duration: empty or zero means unset; anything else must be at least 1ms.</summary>
    private static TimeSpan Interval(InstructionFlags flags, string name)
    {
        var text = flags.String(name);
        if (string.IsNullOrEmpty(text))
        {
            return TimeSpan.Zero;
        }
        var duration = GoDuration.Parse(text);
        if (duration == TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        if (duration < TimeSpan.FromMilliseconds(1))
        {
            throw new FormatException($"Interval {GoFormat.Quote(name)} cannot be less than 1ms");
        }
        return duration;
    }
}
