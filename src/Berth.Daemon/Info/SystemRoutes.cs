using Berth.Api;
using Berth.Api.Models;
using Berth.Daemon.Hosting;
using Berth.Images.Store;
using GlobalRuntime = System.Runtime.InteropServices.RuntimeInformation;

namespace Berth.Daemon.Info;

/// <summary>/_ping, /version and /info.</summary>
public static class SystemRoutes
{
    public const string ProductName = "Berth Engine";
    public static readonly string EngineVersion = typeof(SystemRoutes).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static void Map(WebApplication app)
    {
        app.MapMethods("/_ping", ["GET", "HEAD"], Ping);
        app.MapGet("/version", Version);
        app.MapGet("/info", Info);
    }

    private static Task Ping(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers["Api-Version"] = ApiVersions.Maximum;
        headers["Ostype"] = "linux";
        headers["Docker-Experimental"] = "false";
        headers["Builder-Version"] = "1";
        headers["Swarm"] = "inactive";
        headers.CacheControl = "no-cache, no-store, must-revalidate";
        headers.Pragma = "no-cache";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync("OK");
    }

    private static Task Version(HttpContext context, HostFacts host)
    {
        var details = new Dictionary<string, string>
        {
            ["ApiVersion"] = ApiVersions.Maximum,
            ["MinAPIVersion"] = ApiVersions.Minimum,
            ["Os"] = "linux",
            ["Arch"] = host.GoArch,
            ["KernelVersion"] = host.KernelVersion,
            ["GitCommit"] = BuildCommit,
            ["GoVersion"] = GlobalRuntime.FrameworkDescription,
            ["Experimental"] = "false",
            ["BuildTime"] = BuildTime,
        };
        return HttpJson.WriteAsync(context, new SystemVersion
        {
            Platform = new VersionPlatform(ProductName),
            Components = [new VersionComponent("Engine", EngineVersion, details)],
            Version = EngineVersion,
            ApiVersion = ApiVersions.Maximum,
            MinAPIVersion = ApiVersions.Minimum,
            GitCommit = BuildCommit,
            GoVersion = GlobalRuntime.FrameworkDescription,
            Os = "linux",
            Arch = host.GoArch,
            KernelVersion = host.KernelVersion,
            BuildTime = BuildTime,
        }, ApiJson.Writer.SystemVersion);
    }

    private static Task Info(HttpContext context, HostFacts host, DaemonOptions options, ImageStore images, EngineInfo engine) =>
        HttpJson.WriteAsync(context, new SystemInfo
        {
            ID = engine.Id,
            Images = images.List().Count,
            Driver = "overlayfs",
            DriverStatus = [],
            DockerRootDir = options.DataRoot,
            Name = Environment.MachineName,
            NCPU = Environment.ProcessorCount,
            MemTotal = host.MemTotal,
            OperatingSystem = host.OperatingSystem,
            OSType = "linux",
            Architecture = host.Architecture,
            KernelVersion = host.KernelVersion,
            ServerVersion = EngineVersion,
            LoggingDriver = "json-file",
            CgroupDriver = "cgroupfs",
            CgroupVersion = host.CgroupVersion,
            DefaultRuntime = "crun",
            Runtimes = new() { ["crun"] = new RuntimeInfo("crun"), ["runc"] = new RuntimeInfo("runc") },
            SecurityOptions = ["name=seccomp,profile=builtin"],
            Plugins = new PluginsInfo(["local"], ["bridge", "host", "null"], ["json-file"]),
            Swarm = new SwarmInfo("inactive", "", "", false),
            IndexServerAddress = "https://index.docker.io/v1/",
            Labels = [],
            Warnings = [],
            Debug = options.LogLevel <= LogLevel.Debug,
        }, ApiJson.Writer.SystemInfo);

    private static string BuildCommit => typeof(SystemRoutes).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>()
        .FirstOrDefault()?.InformationalVersion.Split('+').ElementAtOrDefault(1) ?? "unknown";

    private static string BuildTime => typeof(SystemRoutes).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .OfType<System.Reflection.AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "BuildTime")?.Value ?? "";
}

/// <summary>Per-daemon identity handed to /info.</summary>
public sealed record EngineInfo(string Id);
