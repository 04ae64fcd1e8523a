// Berth runs on Linux only; its tests use Unix file modes and signals freely.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
