using Berth.Oci;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server.Routes;

/// <summary>
/// <c>GET /v2/NAME/referrers/DIGEST[?artifactType=…]</c>: an OCI index of the manifests whose subject is DIGEST.
/// Never 404 (the spec reserves that to say "no referrers API"); an unknown subject has an empty list.
/// </summary>
internal sealed class ReferrerRoutes(RegistryServices services)
{
    private const string FiltersAppliedHeader = "OCI-Filters-Applied";

    public async Task ListAsync(HttpContext context, string name, string reference)
    {
        var subject = HttpResults.ParseDigest(reference);
        IEnumerable<ReferrerDescriptor> referrers = await services.Repositories.ReferrersAsync(name, subject, context.RequestAborted);
        string? artifactType = context.Request.Query["artifactType"];
        if (!string.IsNullOrEmpty(artifactType))
        {
            referrers = referrers.Where(r => r.ArtifactType == artifactType);
            context.Response.Headers[FiltersAppliedHeader] = "artifactType";
        }
        var index = new ReferrersIndex(2, MediaTypes.OciIndex, referrers.ToList());
        await HttpResults.WriteJsonAsync(context, StatusCodes.Status200OK, index, RegistryJsonContext.Writer.ReferrersIndex, MediaTypes.OciIndex);
    }
}
