namespace MusicGen.Nn;

/// <summary>
/// Engine-wide switches, named after PyTorch's <c>torch.*</c> functions: grad mode (per thread) and the default
/// random generator (process-wide, with a per-thread override).
/// </summary>
public static class Torch
{
    static readonly Generator s_global = new(0);
    [ThreadStatic] static Generator? t_override;

    /// <summary>Turns off autograd recording until the returned scope is disposed (PyTorch <c>torch.no_grad()</c>).</summary>
    public static NoGradScope NoGrad() => NoGradScope.Enter();

    /// <summary>Whether operations are currently recorded (PyTorch <c>torch.is_grad_enabled()</c>).</summary>
    public static bool IsGradEnabled => Tape.GradEnabled;

    /// <summary>
    /// The generator used when none is passed: parameter initialisation, dropout masks, <see cref="Tensor.Rand"/>.
    /// One process-wide generator seeded with 0 (so a notebook whose cells run on different threads stays
    /// reproducible after <see cref="ManualSeed"/>), unless this thread has chosen its own with
    /// <see cref="UseGenerator"/>. The shared one is not synchronised: code that draws from several threads at
    /// once and needs reproducible streams should use its own generators.
    /// </summary>
    public static Generator DefaultGenerator => t_override ?? s_global;

    /// <summary>Reseeds the default generator (PyTorch <c>torch.manual_seed(seed)</c>; the streams differ from PyTorch's).</summary>
    public static void ManualSeed(ulong seed) => DefaultGenerator.ManualSeed(seed);

    /// <summary>
    /// Makes <paramref name="generator"/> this thread's default generator until the returned scope is disposed
    /// (for example a test that needs the same dropout masks regardless of other threads).
    /// </summary>
    public static GeneratorScope UseGenerator(Generator generator)
    {
        var previous = t_override;
        t_override = generator;
        return new GeneratorScope(previous);
    }

    internal static void RestoreGenerator(Generator? previous) => t_override = previous;

    /// <summary>
    /// Frees the current thread's autograd graph now (every intermediate result becomes invalid). Training loops
    /// do not need it: the next forward pass after <see cref="Tensor.Backward()"/> does it. Use it after forward
    /// passes that recorded but never ran backward (for example validation without <see cref="NoGrad"/>).
    /// </summary>
    public static void ClearGraph() => Tape.Current.Recycle();

    /// <summary>Caps the threads the kernels use, at least 1 (PyTorch <c>torch.set_num_threads(n)</c>); benchmarks compare 1 and 2.</summary>
    public static void SetNumThreads(int threads) =>
        Kernels.KernelThreads.Limit = threads >= 1 ? threads : throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be ≥ 1");

    /// <summary>How many threads the kernels use now (PyTorch <c>torch.get_num_threads()</c>).</summary>
    public static int GetNumThreads() => Kernels.KernelThreads.Limit;
}
