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
    [JsonPropertyName("progressDetail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ProgressDetail? ProgressDetail { get; init; }
    [JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; init; }
    [JsonPropertyName("errorDetail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ErrorDetail? ErrorDetail { get; init; }
    /// <summary>Machine-readable extras: a build's <c>{"ID": "sha256:…"}</c>.</summary>
    [JsonPropertyName("aux"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public BuildResult? Aux { get; init; }

    /// <param name="code">The exit code the docker CLI takes on (a failed RUN's); 0 leaves it at 1.</param>
    public static JsonMessage Failure(string message, int code = 0) =>
        new() { Error = message, ErrorDetail = new ErrorDetail(message) { Code = code } };
}

/// <summary>The <c>aux</c> of a build's last message: the image built.</summary>
public sealed record BuildResult([property: JsonPropertyName("ID")] string? Id);

public sealed record ErrorDetail([property: JsonPropertyName("message")] string Message)
{
    [JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Code { get; init; }
}

/// <summary>Bytes done of a total, for a per-layer progress bar (a total of 0 means unknown).</summary>
public sealed record ProgressDetail
{
    [JsonPropertyName("current"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Current { get; init; }
    [JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Total { get; init; }
}
