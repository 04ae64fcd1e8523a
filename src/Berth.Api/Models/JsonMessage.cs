using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>
/// One message of a streaming response (load, import, later pull and build): Docker's jsonmessage,
/// sent one per chunk. A message with <see cref="Error"/> set ends the stream as a failure.
/// </summary>
public sealed record JsonMessage
{
    [JsonPropertyName("stream"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Stream { get; init; }
    [JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Status { get; init; }
    [JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; init; }
    [JsonPropertyName("progress"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Progress { get; init; }
    [JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; init; }
    [JsonPropertyName("errorDetail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ErrorDetail? ErrorDetail { get; init; }

    public static JsonMessage Failure(string message) => new() { Error = message, ErrorDetail = new ErrorDetail(message) };
}

public sealed record ErrorDetail([property: JsonPropertyName("message")] string Message);
