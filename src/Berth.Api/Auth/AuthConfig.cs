using System.Text.Json.Serialization;

namespace Berth.Api.Auth;

/// <summary>
/// Docker's registry.AuthConfig: what the CLI sends in <c>X-Registry-Auth</c> (base64url JSON) and as the body
/// of <c>POST /auth</c>. Either a username and password, or a token the registry issued earlier.
/// </summary>
public sealed record AuthConfig
{
    [JsonPropertyName("username"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Username { get; set; }
    [JsonPropertyName("password"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Password { get; set; }
    [JsonPropertyName("auth"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Auth { get; set; }
    [JsonPropertyName("email"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Email { get; set; }
    [JsonPropertyName("serveraddress"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ServerAddress { get; set; }
    [JsonPropertyName("identitytoken"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IdentityToken { get; set; }
    [JsonPropertyName("registrytoken"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RegistryToken { get; set; }

    /// <summary>True when nothing here could authenticate: the request goes anonymously.</summary>
    [JsonIgnore]
    public bool IsEmpty => string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(Auth)
        && string.IsNullOrEmpty(IdentityToken) && string.IsNullOrEmpty(RegistryToken);
}

/// <summary>The answer to <c>POST /auth</c>.</summary>
public sealed record AuthResponse
{
    [JsonPropertyName("Status")] public string Status { get; set; } = "";
    [JsonPropertyName("IdentityToken"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IdentityToken { get; set; }
}
