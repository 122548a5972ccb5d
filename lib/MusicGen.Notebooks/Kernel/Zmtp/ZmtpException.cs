namespace MusicGen.Notebooks.Kernel.Zmtp;

/// <summary>A ZMTP protocol violation by the peer (bad greeting, wrong mechanism, malformed frame).
/// The connection that raised it is closed; the socket keeps serving other peers.</summary>
internal class ZmtpException(string message) : Exception(message);
