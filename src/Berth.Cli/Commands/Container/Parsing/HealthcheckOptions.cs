using Berth.Api.Models;

namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>The --health-* and --no-healthcheck flags as docker turns them into Config.Healthcheck.</summary>
internal sealed record HealthcheckOptions(
    string? Command, string? Interval, string? Timeout, string? StartPeriod, string? StartInterval, int Retries, bool Disabled)
{
    /// <returns>null when no health flag was given, so the image's healthcheck applies.</returns>
    public ContainerHealthcheck? ToHealthcheck()
    {
        var interval = Duration("--health-interval", Interval);
        var timeout = Duration("--health-timeout", Timeout);
        var startPeriod = Duration("--health-start-period", StartPeriod);
        var startInterval = Duration("--health-start-interval", StartInterval);
        var any = !string.IsNullOrEmpty(Command) || interval != 0 || timeout != 0 || startPeriod != 0 || startInterval != 0 || Retries != 0;
        if (Disabled)
        {
            if (any) throw new ContainerOptionsException("--no-healthcheck conflicts with --health-* options");
            return new ContainerHealthcheck { Test = ["NONE"] };
        }
        if (!any) return null;
        if (interval < 0) throw new ContainerOptionsException("--health-interval cannot be negative");
        if (timeout < 0) throw new ContainerOptionsException("--health-timeout cannot be negative");
        if (Retries < 0) throw new ContainerOptionsException("--health-retries cannot be negative");
        if (startPeriod < 0) throw new ContainerOptionsException("--health-start-period cannot be negative");
        if (startInterval < 0) throw new ContainerOptionsException("--health-start-interval cannot be negative");
        return new ContainerHealthcheck
        {
            Test = string.IsNullOrEmpty(Command) ? null : ["CMD-SHELL", Command],
            Interval = interval, Timeout = timeout, StartPeriod = startPeriod, StartInterval = startInterval, Retries = Retries,
        };
    }

    private static long Duration(string flag, string? value)
    {
        if (string.IsNullOrEmpty(value)) return 0;
        try
        {
            return GoDuration.ParseNanoseconds(value);
        }
        catch (FormatException e)
        {
            throw new FlagValueException(flag, value, e.Message);
        }
    }
}
