using System.Text.RegularExpressions;
using Berth.Api;

namespace Berth.Daemon.Hosting;

/// <summary>
/// Accepts Docker's versioned paths (<c>/v1.41/images/json</c>) and unversioned ones: strips the prefix,
/// refuses versions outside the supported range with Docker's message, and records the version asked for.
/// </summary>
public sealed partial class ApiVersionMiddleware(RequestDelegate next)
{
    public const string VersionItem = "berth.api-version";

    public async Task InvokeAsync(HttpContext context)
    {
        var match = VersionPrefix().Match(context.Request.Path.Value ?? "");
        var version = Version.Parse(ApiVersions.Maximum);
        if (match.Success)
        {
            version = ApiVersions.Parse(match.Groups[1].Value) ?? version;
            if (version > Version.Parse(ApiVersions.Maximum))
            {
                await HttpJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                    $"client version {match.Groups[1].Value} is too new. Maximum supported API version is {ApiVersions.Maximum}");
                return;
            }
            if (version < Version.Parse(ApiVersions.Minimum))
            {
                await HttpJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                    $"client version {match.Groups[1].Value} is too old. Minimum supported API version is {ApiVersions.Minimum}, please upgrade your client to a newer version");
                return;
            }
            context.Request.Path = context.Request.Path.Value![match.Length..];
        }
        context.Items[VersionItem] = version;
        await next(context);
    }

    [GeneratedRegex(@"^/v(\d+\.\d+)(?=/)")]
    private static partial Regex VersionPrefix();
}
