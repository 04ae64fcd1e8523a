using System.Runtime.Versioning;

// Unpacking and snapshots are Linux only (mounts, whiteouts, device nodes); so are their tests.
[assembly: SupportedOSPlatform("linux")]
