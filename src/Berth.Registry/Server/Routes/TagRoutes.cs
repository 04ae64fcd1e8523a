using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server.Routes;

/// <summary>
/// <c>GET /v2/NAME/tags/list?n=&amp;last=</c> and <c>GET /v2/_catalog?n=&amp;last=</c>: lexically ordered, <c>last</c>
/// is exclusive, and when a page was cut short a <c>Link: &lt;…&gt;; rel="next"</c> header points at the next one.
/// </summary>
internal sealed class TagRoutes(RegistryServices services)
{
    public async Task ListTagsAsync(HttpContext context, string name)
    {
        if (!services.Repositories.Exists(name)) throw new RegistryException(RegistryErrorCode.NameUnknown, name);
        var page = Paginate(context, services.Repositories.Tags(name), $"/v2/{name}/tags/list");
        await HttpResults.WriteJsonAsync(context, StatusCodes.Status200OK, new TagList(name, page), RegistryJsonContext.Writer.TagList);
    }

    public async Task ListRepositoriesAsync(HttpContext context)
    {
        var page = Paginate(context, services.Repositories.List(), "/v2/_catalog");
        await HttpResults.WriteJsonAsync(context, StatusCodes.Status200OK, new Catalog(page), RegistryJsonContext.Writer.Catalog);
    }

    private static IReadOnlyList<string> Paginate(HttpContext context, IReadOnlyList<string> sorted, string path)
    {
        var query = context.Request.Query;
        string? last = query["last"];
        var rest = last is null ? sorted : sorted.Where(item => string.CompareOrdinal(item, last) > 0).ToList();
        if (!query.ContainsKey("n")) return rest;
        if (!int.TryParse(query["n"], out var n) || n < 0)
            throw new RegistryException(RegistryErrorCode.PaginationNumberInvalid, $"n={query["n"]}");
        if (rest.Count <= n) return rest;
        var page = rest.Take(n).ToList();
        if (page.Count > 0)
            context.Response.Headers.Link = $"<{path}?n={n}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        return page;
    }
}
