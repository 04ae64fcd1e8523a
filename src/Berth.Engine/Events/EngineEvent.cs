namespace Berth.Engine.Events;

/// <summary>
/// Something that happened to an object the engine manages, as <c>docker events</c> reports it: the object's
/// type (container, image…), the action (create, start, die…), the object's id and its attributes (its name,
/// image, labels, exit code…), and when, with nanoseconds.
/// </summary>
public sealed record EngineEvent(string Type, string Action, string ActorId, IReadOnlyDictionary<string, string> Attributes, DateTimeOffset Time)
{
    /// <summary>Unix time in nanoseconds (100 ns resolution, .NET's).</summary>
    public long TimeNano => (Time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
