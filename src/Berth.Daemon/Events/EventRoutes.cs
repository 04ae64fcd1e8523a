using System.Globalization;
using System.Text.Json;
using Berth.Api;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Engine.Events;
using Berth.Oci;

namespace Berth.Daemon.Events;

/// <summary>
/// GET /events: the engine's events as a stream of JSON objects, one per line, flushed as they happen.
/// <c>since</c>/<c>until</c> are Unix times (fractions allowed) or Go durations relative to now (the docker CLI
/// converts its own formats to Unix times before sending). Filters as dockerd's: type, event/action,
/// container, image, label; values of one key are alternatives, keys must all match.
/// </summary>
public static class EventRoutes
{
    private static readonly IReadOnlySet<string> FilterKeys = new HashSet<string>
    {
        "type", "event", "container", "image", "label", "volume", "network", "daemon", "plugin", "node", "service", "secret", "config", "scope",
    };

    public static void Map(WebApplication app) => app.MapGet("/events", Stream);

    private static async Task Stream(HttpContext context, EventBus events, TimeProvider clock)
    {
        var query = context.Request.Query;
        var now = clock.GetUtcNow();
        var since = Time(query["since"], now);
        var until = Time(query["until"], now);
        var filters = Filters.Parse(query["filters"], FilterKeys);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = HttpJson.ContentType;
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await foreach (var engineEvent in events.SubscribeAsync(since, until, context.RequestAborted))
        {
            if (!Matches(engineEvent, filters)) continue;
            await JsonSerializer.SerializeAsync(context.Response.Body, Message(engineEvent), ApiJson.Writer.EventMessage, context.RequestAborted);
            await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static EventMessage Message(EngineEvent e) => new()
    {
        Status = e.Action,
        Id = e.ActorId,
        From = e.Type == "container" ? e.Attributes.GetValueOrDefault("image") : null,
        Type = e.Type,
        Action = e.Action,
        Actor = new EventActor { ID = e.ActorId, Attributes = new Dictionary<string, string>(e.Attributes) },
        Time = e.Time.ToUnixTimeSeconds(),
        TimeNano = e.TimeNano,
    };

    private static bool Matches(EngineEvent e, Filters filters)
    {
        bool AnyOf(string key, Func<string, bool> test) => filters.Get(key) is not { Count: > 0 } values || values.Any(test);
        var name = e.Attributes.GetValueOrDefault("name") ?? "";
        return AnyOf("type", t => t == e.Type)
            && AnyOf("event", a => a == e.Action || e.Action.StartsWith(a + ":", StringComparison.Ordinal))
            && AnyOf("container", c => e.Type == "container" && (e.ActorId.StartsWith(c, StringComparison.Ordinal) || name == c.TrimStart('/')))
            && AnyOf("image", i => e.Attributes.GetValueOrDefault("image") == i || e.ActorId == i || name == i || (e.Type == "image" && e.ActorId.StartsWith(i, StringComparison.Ordinal)))
            && filters.MatchesLabels(e.Attributes)
            && AnyOf("scope", s => s == "local");
    }

    /// <summary>Unix seconds with an optional fraction, or a Go-style duration ("10m") meaning that long ago; empty is unset.</summary>
    private static DateTimeOffset? Time(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(value) || value == "0") return null;
        if (QueryValues.UnixTime(value) is { } time) return time;
        if (value.Length > 1 && double.TryParse(value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            var span = value[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => (TimeSpan?)null,
            };
            if (span is { } ago) return now - ago;
        }
        throw BerthException.Invalid($"invalid value for time: {value}");
    }
}
