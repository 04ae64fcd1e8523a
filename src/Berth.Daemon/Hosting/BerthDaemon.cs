using Berth.Build;
using Berth.Daemon.Build;
using Berth.Daemon.Containers;
using Berth.Engine.Build;
using Berth.Engine.Build.Contexts;
using Berth.Daemon.Events;
using Berth.Daemon.Images;
using Berth.Daemon.Info;
using Berth.Daemon.Volumes;
using Berth.Daemon.Networks;
using Berth.Engine.Containers;
using Berth.Engine.Events;
using Berth.Engine.Images;
using Berth.Engine.Networks;
using Berth.Network.Cni;
using Berth.Engine.Snapshots;
using Berth.Engine.Volumes;
using Berth.Images.Content;
using Berth.Images.Store;
using Berth.Oci;
using Berth.Storage.Mounting;
using Berth.Storage.Snapshots;
using Microsoft.Extensions.Logging.Console;

namespace Berth.Daemon.Hosting;

/// <summary>
/// Builds and runs berthd: takes the data-root lock, prepares the socket, wires the engine services into
/// Kestrel on the unix socket, and cleans up socket and pidfile on SIGTERM/SIGINT.
/// </summary>
public static partial class BerthDaemon
{
    public static async Task<int> RunAsync(DaemonOptions options, CancellationToken cancellationToken)
    {
        DataRootLock dataLock;
        try
        {
            dataLock = await DataRootLock.AcquireAsync(options.DataRoot, cancellationToken);
            SocketPreparer.Prepare(options.SocketPath);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"berthd: {e.Message}");
            return 1;
        }
        using (dataLock)
        {
            var app = Build(options);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("berthd");
            await app.Services.GetRequiredService<BlobCollector>().CollectAsync(cancellationToken);
            await app.Services.GetRequiredService<LayerUnpacker>().RecoverAsync(cancellationToken);
            app.Services.GetRequiredService<NetworkService>().EnsurePredefined();
            await app.Services.GetRequiredService<ContainerService>().RecoverAsync(cancellationToken);
            await app.Services.GetRequiredService<BuildWorker>().RecoverAsync(cancellationToken);
            await app.Services.GetRequiredService<NetworkService>().RecoverAsync(cancellationToken);
            // The pidfile exists before the socket answers, so whoever sees the daemon up can find its PID.
            Directory.CreateDirectory(Path.GetDirectoryName(options.EffectivePidFile)!);
            await FileSync.WriteAtomicAsync(options.EffectivePidFile, System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"), cancellationToken);
            await SocketPreparer.BindRestrictedAsync(() => app.StartAsync(cancellationToken));
            SocketPreparer.Restrict(options.SocketPath);
            LogListening(logger, options.Host, options.DataRoot, SystemRoutes.EngineVersion);
            await app.WaitForShutdownAsync(CancellationToken.None);
            LogStopping(logger);
            await app.DisposeAsync();
            File.Delete(options.SocketPath);
            File.Delete(options.EffectivePidFile);
        }
        return 0;
    }

    private static WebApplication Build(DaemonOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", options.LogLevel <= LogLevel.Debug ? LogLevel.Information : LogLevel.Warning);
        if (options.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(console =>
            {
                console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffK";
                console.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffK ";
                console.UseUtcTimestamp = true;
                console.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.ListenUnixSocket(options.SocketPath, listen =>
            {
                // Attach and exec start are served below HTTP; see HijackListener.
                HijackListener? hijack = null;
                listen.Use(next => connection =>
                {
                    hijack ??= new HijackListener([AttachRoutes.Hijacked, ExecRoutes.Hijacked], listen.ApplicationServices,
                        listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<HijackListener>());
                    return hijack.OnConnectionAsync(connection, next);
                });
            });
        });
        builder.Host.ConfigureHostOptions(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));

        Directory.CreateDirectory(options.DataRoot);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new HostFacts());
        services.AddSingleton(new EngineInfo(EngineIdentity.LoadOrCreateAsync(options.DataRoot, CancellationToken.None).GetAwaiter().GetResult()));
        services.AddSingleton(new ContentStore(options.ContentRoot));
        services.AddSingleton(new ImageStore(options.MetadataDatabase));
        services.AddSingleton<BlobCollector>();
        services.AddSingleton<ImageService>();
        services.AddSingleton<ImageImporter>();
        services.AddSingleton<ImageTransfer>();
        services.AddSingleton(sp => new Registry.Client.RegistryTransport(new Registry.Client.RegistryOptions
        {
            InsecureRegistries = options.InsecureRegistries,
            Mirrors = options.RegistryMirrors,
            MaxConcurrentDownloads = options.MaxConcurrentDownloads,
            MaxConcurrentUploads = options.MaxConcurrentUploads,
            CertsDirectory = options.RegistryCertsDirectory,
            UserAgent = $"berth/{SystemRoutes.EngineVersion}",
        }, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SharedDownloads>();
        services.AddSingleton<BlobSources>();
        services.AddSingleton<ImagePuller>();
        services.AddSingleton<ImagePusher>();
        AddContainers(services, options);
        services.AddSingleton<IdleMemoryTrimmer>();
        services.AddHostedService(sp => sp.GetRequiredService<IdleMemoryTrimmer>());

        var app = builder.Build();
        var trimmer = app.Services.GetRequiredService<IdleMemoryTrimmer>();
        app.Use((context, next) =>
        {
            trimmer.OnRequest();
            context.Response.Headers.Server = $"Berth/{SystemRoutes.EngineVersion} (linux)";
            context.Response.Headers["Api-Version"] = Api.ApiVersions.Maximum;
            return next(context);
        });
        app.UseMiddleware<ErrorMiddleware>();
        app.UseMiddleware<ApiVersionMiddleware>();
        app.UseRouting();
        SystemRoutes.Map(app);
        ImageRoutes.Map(app);
        DistributionRoutes.Map(app);
        ContainerRoutes.Map(app);
        CommitRoutes.Map(app);
        ArchiveRoutes.Map(app);
        ProcessRoutes.Map(app);
        AttachRoutes.Map(app);
        ExecRoutes.Map(app);
        EventRoutes.Map(app);
        BuildRoutes.Map(app);
        VolumeRoutes.Map(app);
        NetworkRoutes.Map(app);
        DiskUsageRoutes.Map(app);
        app.MapFallback(context => HttpJson.WriteErrorAsync(context, StatusCodes.Status404NotFound, "page not found"));
        return app;
    }

    /// <summary>Snapshots, runtimes and the container service; the host is examined once, when first needed.</summary>
    private static void AddContainers(IServiceCollection services, DaemonOptions options)
    {
        services.AddSingleton(sp => ContainerHost.PrepareAsync(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("berthd"), CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton(sp => sp.GetRequiredService<ContainerHost>().Snapshotter);
        services.AddSingleton<ISnapshotter>(sp => sp.GetRequiredService<ContainerHost>().Snapshots);
        services.AddSingleton(sp => sp.GetRequiredService<ContainerHost>().Mounter);
        services.AddSingleton(sp => sp.GetRequiredService<ContainerHost>().Layout);
        services.AddSingleton(sp => sp.GetRequiredService<ContainerHost>().Runtimes(sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<EventBus>();
        services.AddSingleton(new KeyedLock<Digest>());
        services.AddSingleton(sp => new LayerUnpacker(
            sp.GetRequiredService<ISnapshotter>(), sp.GetRequiredService<IMounter>(), sp.GetRequiredService<ContentStore>(),
            sp.GetRequiredService<ContainerHost>().SnapshotterRoot, sp.GetRequiredService<KeyedLock<Digest>>(), sp.GetRequiredService<ILogger<LayerUnpacker>>()));
        services.AddSingleton<SnapshotCollector>();
        services.AddSingleton<IContainerSettingsReader, ContainerSettingsReader>();
        services.AddSingleton<CreateRequestCache>();
        services.AddSingleton(new ContainerStore(Path.Join(options.DataRoot, "containers.db")));
        services.AddSingleton(new VolumeLayout(options.DataRoot));
        services.AddSingleton(sp => new VolumeStore(sp.GetRequiredService<VolumeLayout>().DatabasePath));
        services.AddSingleton<VolumeService>();
        AddNetworks(services, options);
        services.AddSingleton<ContainerService>();
        services.AddSingleton(sp => new ContainerChanges(sp.GetRequiredService<ContainerHost>().Snapshots, sp.GetRequiredService<IMounter>(), sp.GetRequiredService<ContainerLayout>()));
        services.AddSingleton(new BuildCacheStore(Path.Join(options.DataRoot, "buildcache.db")));
        services.AddSingleton<IBlobRoots>(sp => sp.GetRequiredService<BuildCacheStore>());
        services.AddSingleton(sp => new BuildWorker(
            sp.GetRequiredService<ImageService>(), sp.GetRequiredService<ImagePuller>(), sp.GetRequiredService<LayerUnpacker>(), sp.GetRequiredService<ContainerHost>().Snapshots, sp.GetRequiredService<IMounter>(),
            sp.GetRequiredService<ContainerRuntimes>(), sp.GetRequiredService<KeyedLock<Digest>>(), sp.GetRequiredService<BuildCacheStore>(), Path.Join(options.DataRoot, "build")));
        services.AddSingleton(sp => new Builder(sp.GetRequiredService<BuildWorker>(), new HttpClient(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SyncedContexts(Path.Join(options.DataRoot, "build", "client-contexts"), Path.Join(options.ExecRoot, "build-contexts"),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SyncedContexts>>()));
        services.AddSingleton(sp => new ContainerCommitter(
            sp.GetRequiredService<ContainerService>(), sp.GetRequiredService<ImageService>(), sp.GetRequiredService<ContainerHost>().Snapshots,
            sp.GetRequiredService<BlobCollector>(), sp.GetRequiredService<TimeProvider>()));
    }

    /// <summary>The network store and service, which the container service attaches containers through.</summary>
    private static void AddNetworks(IServiceCollection services, DaemonOptions options)
    {
        var layout = new NetworkLayout(options.DataRoot, options.ExecRoot);
        services.AddSingleton(layout);
        services.AddSingleton(new NetworkStore(layout.DatabasePath));
        services.AddSingleton(new NetworkDefaults(options.Bridge, options.BridgeIp));
        services.AddSingleton(new CniPlugins(CniPlugins.DebianPluginDir));
        services.AddSingleton<NetworkService>();
        services.AddSingleton<IContainerNetworks>(sp => sp.GetRequiredService<NetworkService>());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "berthd {Version} listening on {Host} (data root {DataRoot})")]
    private static partial void LogListening(ILogger logger, string host, string dataRoot, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "berthd stopping")]
    private static partial void LogStopping(ILogger logger);
}
