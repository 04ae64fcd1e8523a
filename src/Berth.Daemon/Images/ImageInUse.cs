using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Images.References;
using Berth.Oci;

namespace Berth.Daemon.Images;

/// <summary>What rmi may do to an image that containers use.</summary>
public enum ImageRemoval
{
    /// <summary>No container stands in the way: rmi as usual.</summary>
    Remove,

    /// <summary>Only untag: the image stays, dangling (<c>&lt;none&gt;</c>), for the containers that use it.</summary>
    UntagOnly,
}

/// <summary>
/// dockerd's rule for rmi while containers use the image, with dockerd's messages: removing one of several names
/// is fine; without force, the last name or the image itself is refused while any container uses it; with force,
/// a running container's image is untagged and kept, and the image itself (by ID) is refused.
/// </summary>
/// <remarks>
/// dockerd 20.10's <c>rmi -f</c> of an image that only stopped containers use untags it and deletes it, and the
/// containers keep its layers through their own. A Berth container reads its image's config and layers at every
/// start, so Berth untags it and keeps it as a dangling image instead, as dockerd does for a running container's
/// image; image prune leaves images that containers use, as dockerd's does.
/// </remarks>
public static class ImageInUse
{
    public static ImageRemoval Check(string nameOrId, ImageDetails image, IEnumerable<ContainerRecord> containers, bool force)
    {
        var users = containers.Where(c => c.ImageId == image.Id).ToList();
        if (users.Count == 0) return ImageRemoval.Remove;
        var byName = ImageReference.TryParse(nameOrId, out _) && !image.Id.ToString().Contains(nameOrId.Replace("sha256:", "", StringComparison.Ordinal), StringComparison.Ordinal);
        if (byName && image.Tags.Count > 1) return ImageRemoval.Remove;
        if (byName && !force)
        {
            throw BerthException.Conflict(
                $"conflict: unable to remove repository reference \"{nameOrId}\" (must force) - container {ContainerIds.Short(users[0].Id)} is using its referenced image {image.Id.Short}");
        }
        var running = users.FirstOrDefault(c => ContainerService.IsActive(c.State.Status));
        if (running is not null)
        {
            if (byName) return ImageRemoval.UntagOnly;
            throw BerthException.Conflict($"conflict: unable to delete {image.Id.Short} (cannot be forced) - image is being used by running container {ContainerIds.Short(running.Id)}");
        }
        if (force) return ImageRemoval.UntagOnly;
        throw BerthException.Conflict(
            $"conflict: unable to delete {image.Id.Short} (must be forced) - image is being used by stopped container {ContainerIds.Short(users[0].Id)}");
    }
}
