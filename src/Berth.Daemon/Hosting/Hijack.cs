using Microsoft.AspNetCore.Http.Features;

namespace Berth.Daemon.Hosting;

/// <summary>
/// Docker's hijacked connections (attach, exec start): a client that asks with <c>Connection: Upgrade</c> and
/// <c>Upgrade: tcp</c> gets <c>101 UPGRADED</c> and then the raw connection in both directions. A client that
/// does not ask gets a 200 whose body is the output, and its request body as the input, as dockerd allows.
/// </summary>
public static class Hijack
{
    public static async Task<Stream> AcceptAsync(HttpContext context, string contentType)
    {
        context.Response.ContentType = contentType;
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is { IsUpgradableRequest: true })
        {
            context.Response.Headers.Connection = "Upgrade";
            context.Response.Headers.Upgrade = "tcp";
            return await upgrade.UpgradeAsync();
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        return new DuplexStream(context.Request.Body, context.Response.Body);
    }
}
