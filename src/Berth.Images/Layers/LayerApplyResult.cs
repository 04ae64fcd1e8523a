namespace Berth.Images.Layers;

/// <summary>What applying a layer measured: the size of its uncompressed tar stream in bytes.</summary>
public sealed record LayerApplyResult(long UncompressedSize);
