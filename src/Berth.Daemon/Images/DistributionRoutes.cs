using Berth.Api;
using Berth.Api.Auth;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Engine.Events;
using Berth.Engine.Images;
using Berth.Images.References;
using Berth.Oci;
using Berth.Registry.Client;

namespace Berth.Daemon.Images;

/// <summary>
/// The registry side of the API: pull (<c>POST /images/create?fromImage=</c>), push (<c>POST /images/{name}/push</c>),
/// <c>GET /distribution/{name}/json</c> and <c>POST /auth</c>. Credentials come as the docker CLI sends them, in
/// <c>X-Registry-Auth</c> (or the body, for /auth); berthd keeps none of its own.
/// </summary>
public static class DistributionRoutes
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/distribution/{**path}", Inspect);
        app.MapPost("/auth", Login);
    }

    /// <summary>
    /// The pull half of <c>POST /images/create</c>. <c>tag</c> may hold a tag or a digest (the docker CLI sends a
    /// digest there); with neither in <c>tag</c> nor in <c>fromImage</c>, every tag is pulled, as the API says.
    /// </summary>
    public static async Task PullAsync(HttpContext context, string fromImage)
    {
        var query = context.Request.Query;
        var tag = query["tag"].ToString();
        ImageReference reference;
        if (tag.Length > 0 && Digest.TryParse(tag, out _)) reference = ImageReference.Parse($"{fromImage}@{tag}");
        else reference = tag.Length > 0 ? ImageReference.FromRepository(fromImage, tag) : ImageReference.Parse(fromImage);
        var platformValue = query["platform"].ToString();
        var platform = platformValue.Length == 0 ? null : PlatformSpec.Parse(platformValue);
        var request = new ImagePuller.Request(reference, platform, Credentials(context.Request.Headers[RegistryAuthHeader.Name]));
        var puller = context.RequestServices.GetRequiredService<ImagePuller>();
        var events = context.RequestServices.GetRequiredService<EventBus>();
        await ProgressStream.RunAsync(context, async (report, cancellationToken) =>
        {
            if (reference.Tag is null && reference.Digest is null)
            {
                await puller.PullAllTagsAsync(request, report, cancellationToken);
                return;
            }
            await puller.PullAsync(request, report, cancellationToken);
            // Docker names a pull event by the reference pulled, not by the image ID.
            events.Publish("image", "pull", reference.FamiliarString, new Dictionary<string, string> { ["name"] = reference.FamiliarString });
        });
    }

    /// <summary><c>POST /images/{name}/push?tag=</c>: without a tag in either, every tag of the repository.</summary>
    public static async Task PushAsync(HttpContext context, string name)
    {
        var tag = context.Request.Query["tag"].ToString();
        var reference = tag.Length > 0 ? ImageReference.FromRepository(name, tag) : ImageReference.Parse(name);
        if (reference.Digest is not null) throw BerthException.Invalid("cannot push a digest reference");
        var pusher = context.RequestServices.GetRequiredService<ImagePusher>();
        var events = context.RequestServices.GetRequiredService<EventBus>();
        var request = new ImagePusher.Request(reference, Credentials(context.Request.Headers[RegistryAuthHeader.Name]));
        await ProgressStream.RunAsync(context, async (report, cancellationToken) =>
        {
            await pusher.PushAsync(request, report, cancellationToken);
            events.Publish("image", "push", reference.FamiliarString, new Dictionary<string, string> { ["name"] = reference.FamiliarString });
        });
    }

    private static async Task Inspect(HttpContext context, string path, ImagePuller puller)
    {
        if (!path.EndsWith("/json", StringComparison.Ordinal)) throw BerthException.NotFound("page not found");
        var reference = ImageReference.Parse(path[..^"/json".Length]).WithDefaultTag();
        var (descriptor, platforms) = await puller.InspectAsync(reference, Credentials(context.Request.Headers[RegistryAuthHeader.Name]), context.RequestAborted);
        await HttpJson.WriteAsync(context, new DistributionInspect { Descriptor = descriptor, Platforms = platforms }, ApiJson.Writer.DistributionInspect);
    }

    /// <summary><c>POST /auth</c>: checks the credentials with the registry; stores nothing (the client keeps them).</summary>
    private static async Task Login(HttpContext context, RegistryTransport registries)
    {
        var config = await HttpJson.ReadAsync(context, ApiJson.Writer.AuthConfig) ?? new AuthConfig();
        var server = string.IsNullOrEmpty(config.ServerAddress) ? RegistryServer.DockerHubDomain : RegistryServer.Normalize(config.ServerAddress);
        var credentials = ToCredentials(config);
        var session = await registries.OpenAsync(server, credentials, context.RequestAborted);
        await session.LoginAsync(context.RequestAborted);
        await HttpJson.WriteAsync(context, new AuthResponse { Status = "Login Succeeded" }, ApiJson.Writer.AuthResponse);
    }

    private static RegistryCredentials? Credentials(string? header) =>
        RegistryAuthHeader.Decode(header) is { } config ? ToCredentials(config) : null;

    private static RegistryCredentials ToCredentials(AuthConfig config)
    {
        var (username, password) = RegistryAuthHeader.Credentials(config);
        return new RegistryCredentials(username, password, config.IdentityToken, config.RegistryToken);
    }
}
