using Berth.Api;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Engine.Containers;
using Berth.Engine.Networks;
using Berth.Network;
using Berth.Oci;

namespace Berth.Daemon.Networks;

/// <summary>The /networks routes: list (filters), inspect, create, remove, prune, connect and disconnect.</summary>
public static class NetworkRoutes
{
    private static readonly IReadOnlySet<string> ListFilters = new HashSet<string> { "name", "id", "driver", "label", "type", "scope", "dangling" };
    private static readonly IReadOnlySet<string> PruneFilters = new HashSet<string> { "label", "label!", "until" };

    public static void Map(WebApplication app)
    {
        app.MapGet("/networks", List);
        app.MapPost("/networks/create", Create);
        app.MapPost("/networks/prune", Prune);
        app.MapGet("/networks/{id}", Inspect);
        app.MapDelete("/networks/{id}", Remove);
        app.MapPost("/networks/{id}/connect", Connect);
        app.MapPost("/networks/{id}/disconnect", Disconnect);
    }

    private static async Task List(HttpContext context, NetworkService networks, ContainerStore containers)
    {
        var filters = Filters.Parse(context.Request.Query["filters"], ListFilters);
        var endpoints = networks.List().ToDictionary(n => n.Id, n => networks.EndpointsOfNetwork(n.Id), StringComparer.Ordinal);
        var rows = networks.List()
            .Where(n => Matches(n, filters, endpoints[n.Id].Count > 0))
            .Select(n => NetworkViews.Resource(n, endpoints[n.Id], containers, withContainers: false))
            .ToList();
        await HttpJson.WriteAsync(context, rows, ApiJson.Writer.ListNetworkResource);
    }

    private static async Task Inspect(HttpContext context, string id, NetworkService networks, ContainerStore containers)
    {
        var network = networks.Resolve(id);
        await HttpJson.WriteAsync(context, NetworkViews.Resource(network, networks.EndpointsOfNetwork(network.Id), containers, withContainers: true), ApiJson.Writer.NetworkResource);
    }

    private static async Task Create(HttpContext context, NetworkService networks)
    {
        var request = await HttpJson.ReadAsync(context, ApiJson.Writer.NetworkCreateRequest) ?? throw BerthException.Invalid("network create: empty request body");
        if (request.EnableIPv6 == true) throw new BerthException(ErrorKind.NotImplemented, "IPv6 networks are not supported");
        if (request.IPAM?.Config is { Count: > 1 }) throw new BerthException(ErrorKind.NotImplemented, "only one IPv4 address pool per network is supported");
        var pool = request.IPAM?.Config is [var first] ? first : null;
        var network = await networks.CreateAsync(new NetworkCreateOptions
        {
            Name = request.Name,
            Driver = request.Driver,
            Subnet = pool?.Subnet,
            Gateway = pool?.Gateway,
            IpRange = pool?.IPRange,
            Internal = request.Internal,
            Labels = request.Labels ?? [],
            Options = request.Options ?? [],
        }, context.RequestAborted);
        await HttpJson.WriteAsync(context, new NetworkCreateResponse { Id = network.Id }, ApiJson.Writer.NetworkCreateResponse, StatusCodes.Status201Created);
    }

    private static async Task Remove(HttpContext context, string id, NetworkService networks)
    {
        await networks.RemoveAsync(id, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Prune(HttpContext context, NetworkService networks, TimeProvider clock)
    {
        var filters = Filters.Parse(context.Request.Query["filters"], PruneFilters);
        var until = filters.Get("until") is [var text, ..] ? Until(text, clock.GetUtcNow()) : (DateTimeOffset?)null;
        var removed = await networks.PruneAsync(n => filters.MatchesLabels(n.Labels) && (until is null || n.Created < until), context.RequestAborted);
        await HttpJson.WriteAsync(context, new NetworkPruneReport { NetworksDeleted = removed }, ApiJson.Writer.NetworkPruneReport);
    }

    private static async Task Connect(HttpContext context, string id, NetworkService networks)
    {
        var request = await HttpJson.ReadAsync(context, ApiJson.Writer.NetworkConnectRequest) ?? throw BerthException.Invalid("network connect: empty request body");
        var endpoint = request.EndpointConfig;
        await networks.ConnectAsync(id, request.Container, new EndpointConfig
        {
            Aliases = endpoint?.Aliases ?? [],
            IPv4Address = endpoint?.IPAMConfig?.IPv4Address is { Length: > 0 } ip ? ip : null,
            MacAddress = endpoint?.MacAddress is { Length: > 0 } mac ? mac : null,
        }, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static async Task Disconnect(HttpContext context, string id, NetworkService networks)
    {
        var request = await HttpJson.ReadAsync(context, ApiJson.Writer.NetworkConnectRequest) ?? throw BerthException.Invalid("network disconnect: empty request body");
        await networks.DisconnectAsync(id, request.Container, request.Force, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>
    /// dockerd's network list filters: name and id match substrings / prefixes, driver exactly, type is
    /// builtin or custom, dangling means no container is connected.
    /// </summary>
    private static bool Matches(NetworkDefinition network, Filters filters, bool inUse)
    {
        var builtin = network.Name is NetworkDefinition.DefaultName or "host" or "none";
        return (filters.Get("name") is not { Count: > 0 } names || names.Any(n => network.Name.Contains(n, StringComparison.Ordinal)))
            && (filters.Get("id") is not { Count: > 0 } ids || ids.Any(i => network.Id.StartsWith(i, StringComparison.Ordinal)))
            && (filters.Get("driver") is not { Count: > 0 } drivers || drivers.Contains(network.Driver))
            && (filters.Get("scope") is not { Count: > 0 } scopes || scopes.Contains("local"))
            && (filters.Get("type") is not { Count: > 0 } types || types.Contains(builtin ? "builtin" : "custom"))
            && (filters.GetBool("dangling") is not { } dangling || dangling == (!inUse && !builtin))
            && filters.MatchesLabels(network.Labels);
    }

    /// <summary>Prune's until: a Unix time or a Go duration (<c>24h</c>) before now.</summary>
    private static DateTimeOffset Until(string text, DateTimeOffset now)
    {
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        if (text.Length > 1 && double.TryParse(text[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var amount))
        {
            return text[^1] switch
            {
                'h' => now.AddHours(-amount),
                'm' => now.AddMinutes(-amount),
                's' => now.AddSeconds(-amount),
                _ => throw BerthException.Invalid($"invalid until filter: {text}"),
            };
        }
        throw BerthException.Invalid($"invalid until filter: {text}");
    }
}
