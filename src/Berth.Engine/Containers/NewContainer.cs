using Berth.Oci;

namespace Berth.Engine.Containers;

/// <summary>
/// A container to create: the image already resolved by the caller, and the create request (with the image's
/// defaults applied) as the API's JSON, which <see cref="IContainerSettingsReader"/> reads back.
/// </summary>
/// <param name="Name">The name asked for (with or without the leading slash), or null for a generated one.</param>
/// <param name="ImageName">The image as the user named it, shown by <c>ps</c>.</param>
public sealed record NewContainer(string? Name, string ImageName, Digest ImageId, string CreateRequestJson);
