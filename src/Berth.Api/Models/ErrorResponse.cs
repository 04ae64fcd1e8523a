using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>Docker's error body: <c>{"message": "..."}</c>.</summary>
public sealed record ErrorResponse([property: JsonPropertyName("message")] string Message);
