using System.Globalization;

namespace Berth.Api;

/// <summary>
/// Docker's go-units HumanDuration, which both sides print: the daemon in a container's Status ("Up 2 minutes",
/// "Exited (0) 3 seconds ago") and the CLI in CREATED columns. Minutes and seconds truncate; hours round to
/// the nearest, so 1h29m is "About an hour" and 1h31m is "2 hours".
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return Count(seconds, "seconds");
        var minutes = (long)duration.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return Count(minutes, "minutes");
        var hours = (long)(duration.TotalHours + 0.5);
        return hours switch
        {
            1 => "About an hour",
            < 48 => Count(hours, "hours"),
            < 24 * 7 * 2 => Count(hours / 24, "days"),
            < 24 * 30 * 2 => Count(hours / 24 / 7, "weeks"),
            < 24 * 365 * 2 => Count(hours / 24 / 30, "months"),
            _ => Count((long)duration.TotalHours / 24 / 365, "years"),
        };
    }

    private static string Count(long value, string unit) => value.ToString(CultureInfo.InvariantCulture) + " " + unit;
}
