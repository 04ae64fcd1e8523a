using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server.Auth;

/// <summary>
/// Bearer tokens from the registry's own token endpoint. A refused client is told where to get one and for
/// what: <c>Bearer realm="…/token",service="…",scope="repository:NAME:pull,push"</c>, the challenge docker's
/// token flow follows. The realm is the configured one, or this server's own /token as the client reached it.
/// </summary>
internal sealed class TokenGate(TokenSigner signer, string? realm) : IAccessGate
{
    public bool Check(HttpContext context, IReadOnlyList<ResourceAccess> required)
    {
        var claims = Claims(context);
        return claims is not null && required.All(access => Scope.Covers(claims.Access, access));
    }

    public string Challenge(HttpContext context, IReadOnlyList<ResourceAccess> required)
    {
        var request = context.Request;
        var challenge = $"Bearer realm=\"{realm ?? $"{request.Scheme}://{request.Host}{TokenEndpoint.Path}"}\",service=\"{signer.Issuer}\"";
        if (required.Count > 0) challenge += $",scope=\"{string.Join(' ', required)}\"";
        // A valid token that lacks the scope is "insufficient_scope" (RFC 6750), so the client asks for a wider one.
        if (Claims(context) is not null) challenge += ",error=\"insufficient_scope\"";
        else if (context.Request.Headers.Authorization.Count > 0) challenge += ",error=\"invalid_token\"";
        return challenge;
    }

    private TokenClaims? Claims(HttpContext context)
    {
        const string Prefix = "Bearer ";
        string? header = context.Request.Headers.Authorization;
        return header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? signer.Validate(header[Prefix.Length..].Trim()) : null;
    }
}
