using Berth.Oci;
using Berth.Runtime.Conmon;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Connects to the container's output and stdin: at once when it runs; otherwise when it is next started,
    /// before its program runs (start waits for the connection), so nothing it writes is missed.
    /// </summary>
    public async Task<AttachConnection> AttachAsync(string idOrName, CancellationToken cancellationToken)
    {
        var container = Resolve(idOrName);
        var pending = _attaches.Register(container.Id);
        try
        {
            var status = store.Get(container.Id)?.State.Status;
            if (status is ContainerStatus.Removing or ContainerStatus.Dead or null)
                throw BerthException.Conflict($"cannot attach to container {container.Id}: it is being removed");
            if (!IsActive(status.Value) && !File.Exists(Path.Join(layout.SocketDir, container.Id, "attach")))
                await pending.WaitForCreatedAsync(cancellationToken);
            var connection = await AttachConnection.ConnectAsync(layout.SocketDir, container.Id, cancellationToken);
            Publish(container, "attach");
            return connection;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw BerthException.Conflict($"container {container.Id} was removed before it started");
        }
        finally
        {
            pending.MarkConnected();
            _attaches.Forget(container.Id, pending);
        }
    }

    /// <summary>Resizes the container's terminal (<c>docker run -t</c>, and on every window change).</summary>
    public async Task ResizeAsync(string idOrName, int height, int width, CancellationToken cancellationToken)
    {
        var container = Resolve(idOrName);
        if (container.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
            throw BerthException.Conflict($"Container {container.Id} is not running");
        await ConmonControl.ResizeAsync(layout.BundleDir(container.Id), height, width, cancellationToken);
        Publish(container, "resize", ("height", height.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("width", width.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
