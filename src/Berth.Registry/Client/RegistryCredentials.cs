namespace Berth.Registry.Client;

/// <summary>
/// What a client offers a registry: a user and password (sent as Basic, or to a token service), or an identity
/// token from an earlier login (OAuth refresh token), or a ready bearer token. Null everywhere means anonymous.
/// </summary>
public sealed record RegistryCredentials(string? Username, string? Password, string? IdentityToken = null, string? RegistryToken = null)
{
    public bool HasPassword => !string.IsNullOrEmpty(Username);
}
