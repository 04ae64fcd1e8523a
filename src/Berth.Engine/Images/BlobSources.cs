using System.Collections.Concurrent;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>
/// Which repository of which registry a blob was last pulled from or pushed to, so a push to another repository
/// of that registry can ask for a cross-repository mount instead of uploading the bytes again. In memory: after a
/// restart a push falls back to the local images' names.
/// </summary>
public sealed class BlobSources
{
    private readonly ConcurrentDictionary<(string Domain, Digest Blob), string> _sources = new();

    public void Record(string domain, Digest blob, string repositoryPath) => _sources[(domain, blob)] = repositoryPath;

    public string? Find(string domain, Digest blob) => _sources.GetValueOrDefault((domain, blob));
}
