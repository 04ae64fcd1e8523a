namespace Berth.Engine.Build.Contexts;

/// <summary>One entry of a client's context directory, as its lstat saw it: what tells whether a kept copy is current.</summary>
/// <param name="Path">Slash-separated, relative to the context root.</param>
/// <param name="Type"><c>f</c> regular file, <c>d</c> directory, <c>l</c> symlink.</param>
/// <param name="ModTime">The client's mtime, in 100 ns ticks.</param>
public sealed record ContextEntry(string Path, string Type, int Mode, long Size, long ModTime, string? Link)
{
    public const string File = "f";
    public const string Directory = "d";
    public const string Symlink = "l";
}

/// <summary>What a kept context holds, as the client last described it; a new generation for every change.</summary>
internal sealed record ContextManifest(string Generation, List<ContextEntry> Entries);
