using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server.Auth;

/// <summary>
/// <c>GET /token?service=…&amp;scope=…</c>, docker's token protocol: the client (Basic credentials optional)
/// asks for scopes and gets a signed bearer token for those it may have. Without an htpasswd file everyone gets
/// what they ask; with one, a known user gets it, an anonymous client gets a token granting nothing (so the
/// registry answers insufficient_scope and the client knows to log in), and wrong credentials get 401.
/// </summary>
internal sealed class TokenEndpoint(TokenSigner signer, Htpasswd? users)
{
    public const string Path = "/token";
    private static readonly string[] KnownActions = [Scope.Pull, Scope.Push, Scope.Delete];

    public async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method)) throw new RegistryException(RegistryErrorCode.Unsupported, $"{context.Request.Method} {Path}");
        var subject = "";
        var trusted = users is null;
        if (BasicCredentials.TryParse(context.Request.Headers.Authorization, out var credentials))
        {
            if (users is not null && !users.Verify(credentials.User, credentials.Password))
            {
                context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{BasicGate.Realm}\"";
                throw new RegistryException(RegistryErrorCode.Unauthorized, "incorrect username or password");
            }
            subject = credentials.User;
            trusted = true;
        }
        var granted = trusted ? Grant(Scope.Parse(context.Request.Query["scope"])) : [];
        var (token, issuedAt) = signer.Issue(subject, granted);
        var body = new TokenResponse(token, token, (int)signer.Lifetime.TotalSeconds, issuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, RegistryJsonContext.Writer.TokenResponse, context.RequestAborted);
    }

    private static List<ResourceAccess> Grant(IReadOnlyList<ResourceAccess> requested)
    {
        var granted = new List<ResourceAccess>();
        foreach (var scope in requested)
        {
            if (scope.Type == "repository" && RepositoryName.IsValid(scope.Name))
            {
                var actions = scope.Actions.Contains("*") ? KnownActions : scope.Actions.Where(KnownActions.Contains).Distinct().ToArray();
                if (actions.Length > 0) granted.Add(scope with { Actions = actions });
            }
            else if (scope.Type == "registry" && scope.Name == "catalog")
            {
                granted.Add(Scope.Catalog);
            }
        }
        return granted;
    }
}
