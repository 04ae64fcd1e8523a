using System.Text;
using System.Text.Json;
using Berth.Api;
using Berth.Api.Models;
using Berth.Engine.Containers;
using Berth.Images.Layers;
using Berth.Oci;
using Berth.Runtime.Spec;

namespace Berth.Daemon.Containers;

/// <summary>
/// /containers/{id}/archive, behind <c>docker cp</c>: HEAD stats a path, GET sends it as a tar, PUT extracts a
/// tar into a directory. Paths are resolved inside the container's rootfs as the container would resolve
/// them (symlinks in parent directories are followed within the rootfs, never out of it); the last component
/// is taken as it is, so copying a symlink copies the link.
/// </summary>
public static class ArchiveRoutes
{
    private const string StatHeader = "X-Docker-Container-Path-Stat";

    public static void Map(WebApplication app)
    {
        app.MapMethods("/containers/{id}/archive", ["HEAD"], Head);
        app.MapGet("/containers/{id}/archive", Get);
        app.MapPut("/containers/{id}/archive", Put);
    }

    private static Task Head(HttpContext context, string id, ContainerService containers) =>
        containers.WithRootfsAsync(id, (container, rootfs) =>
        {
            var (_, stat) = Locate(container, rootfs, PathQuery(context));
            context.Response.Headers[StatHeader] = EncodeStat(stat);
            return Task.FromResult(true);
        }, context.RequestAborted);

    private static Task Get(HttpContext context, string id, ContainerService containers) =>
        containers.WithRootfsAsync(id, async (container, rootfs) =>
        {
            var (hostPath, stat) = Locate(container, rootfs, PathQuery(context));
            context.Response.Headers[StatHeader] = EncodeStat(stat);
            context.Response.ContentType = "application/x-tar";
            await RootfsArchive.WriteTreeAsync(hostPath, stat.Name, context.Response.Body, context.RequestAborted);
            containers.Announce(container, "archive-path");
            return true;
        }, context.RequestAborted);

    private static Task Put(HttpContext context, string id, ContainerService containers) =>
        containers.WithRootfsAsync(id, async (container, rootfs) =>
        {
            var path = PathQuery(context);
            var target = ScopedPath.Resolve(rootfs, path);
            if (!Directory.Exists(target))
            {
                throw File.Exists(target)
                    ? BerthException.Invalid($"extraction point is not a directory: {path}")
                    : BerthException.NotFound($"Could not find the file {path} in container {container.Name}");
            }
            try
            {
                await LayerApplier.ApplyAsync(context.Request.Body, target, context.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw BerthException.Invalid($"Error processing tar file: {e.Message}", e);
            }
            containers.Announce(container, "extract-to-dir");
            context.Response.StatusCode = StatusCodes.Status200OK;
            return true;
        }, context.RequestAborted);

    private static string PathQuery(HttpContext context) =>
        context.Request.Query["path"].ToString() is { Length: > 0 } path ? path : throw BerthException.Invalid("Bad parameters: path cannot be empty");

    /// <summary>The host path of a container path (parents resolved in the rootfs, the last part as it is) and its stat.</summary>
    private static (string HostPath, ContainerPathStat Stat) Locate(ContainerRecord container, string rootfs, string path)
    {
        var absolute = path.StartsWith('/') ? path : "/" + path;
        var trimmed = absolute.TrimEnd('/');
        var parent = Path.GetDirectoryName(trimmed.Length == 0 ? "/" : trimmed) ?? "/";
        var name = Path.GetFileName(trimmed);
        var hostPath = name.Length == 0 ? rootfs : Path.Join(ScopedPath.Resolve(rootfs, parent), name);
        // A trailing slash or /. means "the directory itself": follow a final symlink in that case, as the kernel would.
        if (absolute.EndsWith('/') || absolute.EndsWith("/.", StringComparison.Ordinal)) hostPath = ScopedPath.Resolve(rootfs, trimmed);
        var info = new FileInfo(hostPath);
        if (!info.Exists && !Directory.Exists(hostPath) && info.LinkTarget is null)
            throw BerthException.NotFound($"Could not find the file {path} in container {container.Name}");
        return (hostPath, Stat(info, name.Length == 0 ? "/" : name));
    }

    private static ContainerPathStat Stat(FileInfo info, string name)
    {
        var isLink = info.LinkTarget is not null;
        var isDirectory = !isLink && info.Attributes.HasFlag(FileAttributes.Directory);
        var mode = (long)info.UnixFileMode & 0x1FF;
        if (info.UnixFileMode.HasFlag(UnixFileMode.SetUser)) mode |= 1L << 23;
        if (info.UnixFileMode.HasFlag(UnixFileMode.SetGroup)) mode |= 1L << 22;
        if (info.UnixFileMode.HasFlag(UnixFileMode.StickyBit)) mode |= 1L << 20;
        if (isDirectory) mode |= 1L << 31;
        if (isLink) mode |= 1L << 27;
        return new ContainerPathStat
        {
            Name = name,
            Size = isDirectory || isLink ? 0 : info.Length,
            Mode = mode,
            Mtime = Oci.GoTime.Format(info.LastWriteTimeUtc),
            LinkTarget = info.LinkTarget ?? "",
        };
    }

    private static string EncodeStat(ContainerPathStat stat) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(stat, ApiJson.Writer.ContainerPathStat)));
}
