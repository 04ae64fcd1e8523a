using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Images.References;
using Berth.Oci;

namespace Berth.Daemon.Images;

/// <summary>
/// dockerd's rule for rmi while containers use the image: removing one of several names is fine; deleting
/// the image itself is refused while a container (running or not) is based on it, with dockerd's messages.
/// Berth refuses the forced delete too, where dockerd would untag and keep the image for the container: a
/// container always needs its image's layers and config to start again.
/// </summary>
public static class ImageInUse
{
    public static void ThrowIfRemovalBlocked(string nameOrId, ImageDetails image, IEnumerable<ContainerRecord> containers, bool force)
    {
        var users = containers.Where(c => c.ImageId == image.Id).ToList();
        if (users.Count == 0) return;
        var byName = ImageReference.TryParse(nameOrId, out _) && !image.Id.ToString().Contains(nameOrId.Replace("sha256:", "", StringComparison.Ordinal), StringComparison.Ordinal);
        if (byName && image.Tags.Count > 1) return;
        if (byName && !force)
        {
            throw BerthException.Conflict(
                $"conflict: unable to remove repository reference \"{nameOrId}\" (must force) - container {ContainerIds.Short(users[0].Id)} is using its referenced image {image.Id.Short}");
        }
        var running = users.FirstOrDefault(c => ContainerService.IsActive(c.State.Status));
        if (running is not null)
        {
            throw BerthException.Conflict($"conflict: unable to delete {image.Id.Short} (cannot be forced) - image is being used by running container {ContainerIds.Short(running.Id)}");
        }
        throw BerthException.Conflict(
            $"conflict: unable to delete {image.Id.Short} ({(force ? "cannot" : "must")} be forced) - image is being used by stopped container {ContainerIds.Short(users[0].Id)}");
    }
}
