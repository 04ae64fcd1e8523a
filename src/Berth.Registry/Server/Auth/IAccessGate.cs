using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server.Auth;

/// <summary>
/// Decides whether a request may have the access it needs. <see cref="Check"/> only answers;
/// <see cref="AccessGateExtensions.Authorize"/> turns a refusal into 401 UNAUTHORIZED with the challenge
/// (<c>WWW-Authenticate</c>) that tells the client how to authenticate. An empty list asks only "who are you?"
/// (the <c>/v2/</c> probe).
/// </summary>
internal interface IAccessGate
{
    bool Check(HttpContext context, IReadOnlyList<ResourceAccess> required);

    /// <summary>The WWW-Authenticate value for a refused request.</summary>
    string Challenge(HttpContext context, IReadOnlyList<ResourceAccess> required);
}

internal static class AccessGateExtensions
{
    public static void Authorize(this IAccessGate gate, HttpContext context, IReadOnlyList<ResourceAccess> required)
    {
        if (gate.Check(context, required)) return;
        context.Response.Headers.WWWAuthenticate = gate.Challenge(context, required);
        throw new RegistryException(RegistryErrorCode.Unauthorized, string.Join(' ', required));
    }
}

/// <summary>No authentication: everyone may pull, push and delete (a registry on localhost for tests and CI).</summary>
internal sealed class OpenGate : IAccessGate
{
    public bool Check(HttpContext context, IReadOnlyList<ResourceAccess> required) => true;
    public string Challenge(HttpContext context, IReadOnlyList<ResourceAccess> required) => "";
}

/// <summary>HTTP Basic against an htpasswd file: any known user may do anything, as with distribution's htpasswd auth.</summary>
internal sealed class BasicGate(Htpasswd users) : IAccessGate
{
    public const string Realm = "Berth Registry";

    public bool Check(HttpContext context, IReadOnlyList<ResourceAccess> required) =>
        BasicCredentials.TryParse(context.Request.Headers.Authorization, out var credentials) && users.Verify(credentials.User, credentials.Password);

    public string Challenge(HttpContext context, IReadOnlyList<ResourceAccess> required) => $"Basic realm=\"{Realm}\"";
}
