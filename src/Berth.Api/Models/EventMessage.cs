using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>
/// One message of GET /events. <c>status</c>, <c>id</c> and <c>from</c> are the pre-1.22 fields that Docker
/// still sends up to API 1.51 alongside Type, Action and Actor.
/// </summary>
public sealed record EventMessage
{
    [JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Status { get; init; }
    [JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; init; }
    [JsonPropertyName("from"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? From { get; init; }
    public required string Type { get; init; }
    public required string Action { get; init; }
    public required EventActor Actor { get; init; }
    [JsonPropertyName("scope")] public string Scope { get; set; } = "local";
    [JsonPropertyName("time")] public long Time { get; init; }
    [JsonPropertyName("timeNano")] public long TimeNano { get; init; }
}

public sealed record EventActor
{
    public required string ID { get; init; }
    public required Dictionary<string, string> Attributes { get; init; }
}
