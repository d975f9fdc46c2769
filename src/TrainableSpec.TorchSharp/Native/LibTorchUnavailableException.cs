namespace TrainableSpec.TorchSharp.Native;

/// <summary>libtorch could not be loaded; the message names the cause and the fix instead of TorchSharp's raw trace.</summary>
public sealed class LibTorchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
