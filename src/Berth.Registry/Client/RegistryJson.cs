using System.Text.Json.Serialization;

namespace Berth.Registry.Client;

/// <summary>A token service's answer (distribution's token spec; <c>access_token</c> is the OAuth2 spelling).</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("token")] public string? Token { get; init; }
    [JsonPropertyName("access_token")] public string? AccessToken { get; init; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; init; }
}

/// <summary>The distribution spec's error body: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
internal sealed record RegistryErrorBody
{
    [JsonPropertyName("errors")] public List<RegistryError>? Errors { get; init; }
}

internal sealed record RegistryError
{
    [JsonPropertyName("code")] public string? Code { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}

/// <summary>The tags list: <c>{"name":…,"tags":[…]}</c>.</summary>
internal sealed record TagList
{
    [JsonPropertyName("tags")] public List<string>? Tags { get; init; }
}

[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(RegistryErrorBody))]
internal sealed partial class RegistryClientJsonContext : JsonSerializerContext;
