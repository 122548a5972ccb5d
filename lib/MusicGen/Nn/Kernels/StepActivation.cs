namespace MusicGen.Nn.Kernels;

/// <summary>The element-wise function <see cref="LinearStep"/> applies to its outputs.</summary>
internal enum StepActivation
{
    None,
    Relu,
    Sigmoid,
}
