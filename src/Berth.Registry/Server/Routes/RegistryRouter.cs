using System.Text.RegularExpressions;
using Berth.Registry.Server.Auth;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server.Routes;

/// <summary>
/// Dispatches <c>/v2/…</c>. Repository names hold slashes, so routes are matched from the end of the path
/// (the name is everything before the last <c>/manifests/</c>, <c>/blobs/</c>…), as distribution's router does;
/// then the name is validated, access checked, and the handler for the method called. Registry failures become
/// the spec's JSON error body here.
/// </summary>
internal sealed partial class RegistryRouter(RegistryServices services, TokenEndpoint? tokens)
{
    private readonly BlobRoutes _blobs = new(services);
    private readonly UploadRoutes _uploads = new(services);
    private readonly ManifestRoutes _manifests = new(services);
    private readonly TagRoutes _tags = new(services);
    private readonly ReferrerRoutes _referrers = new(services);

    private enum Kind { Manifest, Upload, Blob, Tags, Referrers }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context);
        }
        catch (RegistryException e) when (!context.Response.HasStarted)
        {
            await HttpResults.WriteErrorAsync(context, e);
        }
    }

    private Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        if (tokens is not null && path == TokenEndpoint.Path) return tokens.HandleAsync(context);
        if (path != "/v2" && !path.StartsWith("/v2/", StringComparison.Ordinal)) return NotFoundAsync(context);
        context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";

        if (path is "/v2" or "/v2/")
        {
            if (!IsRead(method)) return Unsupported(method, path);
            services.Gate.Authorize(context, []);
            return WriteEmptyObjectAsync(context);
        }
        if (path == "/v2/_catalog")
        {
            if (!HttpMethods.IsGet(method)) return Unsupported(method, path);
            services.Gate.Authorize(context, [Scope.Catalog]);
            return _tags.ListRepositoriesAsync(context);
        }
        if (!TryMatch(path, out var kind, out var name, out var argument)) return NotFoundAsync(context);
        RepositoryName.Validate(name);
        services.Gate.Authorize(context, Required(kind, method, name));
        return (kind, method) switch
        {
            (Kind.Manifest, "GET" or "HEAD") => _manifests.GetAsync(context, name, argument),
            (Kind.Manifest, "PUT") => _manifests.PutAsync(context, name, argument),
            (Kind.Manifest, "DELETE") => _manifests.DeleteAsync(context, name, argument),
            (Kind.Blob, "GET" or "HEAD") => _blobs.GetAsync(context, name, argument),
            (Kind.Blob, "DELETE") => _blobs.DeleteAsync(context, name, argument),
            (Kind.Upload, "POST") when argument.Length == 0 => _uploads.StartAsync(context, name),
            (Kind.Upload, "GET") when argument.Length > 0 => _uploads.StatusAsync(context, name, argument),
            (Kind.Upload, "PATCH") when argument.Length > 0 => _uploads.PatchAsync(context, name, argument),
            (Kind.Upload, "PUT") when argument.Length > 0 => _uploads.FinishAsync(context, name, argument),
            (Kind.Upload, "DELETE") when argument.Length > 0 => _uploads.CancelAsync(context, name, argument),
            (Kind.Tags, "GET") => _tags.ListTagsAsync(context, name),
            (Kind.Referrers, "GET") => _referrers.ListAsync(context, name, argument),
            _ => Unsupported(method, path),
        };
    }

    /// <summary>The scopes a request needs, as distribution asks them: writes need pull and push.</summary>
    private static IReadOnlyList<ResourceAccess> Required(Kind kind, string method, string name) => method switch
    {
        "GET" or "HEAD" => [Scope.Repository(name, Scope.Pull)],
        "DELETE" when kind is not Kind.Upload => [Scope.Repository(name, Scope.Delete)],
        _ => [Scope.Repository(name, Scope.Pull, Scope.Push)],
    };

    private static readonly (Kind Kind, Regex Pattern)[] RoutePatterns =
    [
        (Kind.Manifest, ManifestPath()), (Kind.Upload, UploadPath()), (Kind.Blob, BlobPath()),
        (Kind.Tags, TagsPath()), (Kind.Referrers, ReferrersPath()),
    ];

    private static bool TryMatch(string path, out Kind kind, out string name, out string argument)
    {
        foreach (var route in RoutePatterns)
        {
            var match = route.Pattern.Match(path);
            if (!match.Success) continue;
            kind = route.Kind;
            name = match.Groups["name"].Value;
            argument = match.Groups["arg"].Value;
            return true;
        }
        (kind, name, argument) = (default, "", "");
        return false;
    }

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    private static Task WriteEmptyObjectAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = 2;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync("{}", context.RequestAborted);
    }

    private static Task Unsupported(string method, string path) =>
        throw new RegistryException(RegistryErrorCode.Unsupported, $"{method} {path}");

    private static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("404 page not found\n", context.RequestAborted);
    }

    [GeneratedRegex("^/v2/(?<name>.+)/manifests/(?<arg>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ManifestPath();

    [GeneratedRegex("^/v2/(?<name>.+)/blobs/uploads/?(?<arg>[^/]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex UploadPath();

    [GeneratedRegex("^/v2/(?<name>.+)/blobs/(?<arg>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex BlobPath();

    [GeneratedRegex("^/v2/(?<name>.+)/tags/list$", RegexOptions.CultureInvariant)]
    private static partial Regex TagsPath();

    [GeneratedRegex("^/v2/(?<name>.+)/referrers/(?<arg>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferrersPath();
}
