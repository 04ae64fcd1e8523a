using Berth.Daemon.Images;
using Berth.Daemon.Info;
using Berth.Engine.Images;
using Berth.Images.Content;
using Berth.Images.Store;
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
            kestrel.ListenUnixSocket(options.SocketPath);
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

        var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Response.Headers.Server = $"Berth/{SystemRoutes.EngineVersion} (linux)";
            context.Response.Headers["Api-Version"] = Api.ApiVersions.Maximum;
            return next(context);
        });
        app.UseMiddleware<ErrorMiddleware>();
        app.UseMiddleware<ApiVersionMiddleware>();
        app.UseRouting();
        SystemRoutes.Map(app);
        ImageRoutes.Map(app);
        app.MapFallback(context => HttpJson.WriteErrorAsync(context, StatusCodes.Status404NotFound, "page not found"));
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "berthd {Version} listening on {Host} (data root {DataRoot})")]
    private static partial void LogListening(ILogger logger, string host, string dataRoot, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "berthd stopping")]
    private static partial void LogStopping(ILogger logger);
}
