using System.Diagnostics;

namespace MusicGen.Nn.Kernels;

/// <summary>One piece of parallel work: part <c>part</c> of <c>parts</c> equal shares.</summary>
internal abstract class KernelJob
{
    public abstract void Run(int part, int parts);
}

/// <summary>
/// A tiny persistent pool for the kernels: ProcessorCount − 1 background threads that spin briefly
/// between jobs and then sleep on an event. An LSTM issues thousands of small GEMMs per training
/// step, so waking a worker must cost microseconds (Parallel.For allocates and queues per call).
/// One job runs at a time; a caller that finds the pool busy (e.g. parallel test runners) just runs
/// all parts itself.
/// </summary>
internal static class KernelThreads
{
    static readonly Worker[] Workers = CreateWorkers();
    static int _busy;
    static KernelJob? _job;
    static int _parts;
    static int _pending;
    static Exception? _error;

    static int _limit = int.MaxValue;

    /// <summary>Jobs that ran split over threads, and jobs that could have but ran on the caller alone
    /// (pool busy or oversubscription guard); approximate counts for benchmark reports.</summary>
    internal static long ParallelJobs, SoloJobs;

    /// <summary>How many parts can run at once (the calling thread plus the workers, capped by <see cref="Limit"/>).</summary>
    public static int Parallelism => Math.Min(Workers.Length + 1, _limit);

    /// <summary>Caps the threads kernels use (benchmarks compare 1 and 2 threads, like torch.set_num_threads).</summary>
    public static int Limit
    {
        get => Math.Min(Workers.Length + 1, _limit);
        set => _limit = Math.Max(1, value);
    }

    /// <summary>Runs parts 0 … parts−1 of <paramref name="job"/>, part 0 on the calling thread; returns when all are done.</summary>
    public static void Run(KernelJob job, int parts)
    {
        parts = Math.Min(parts, Parallelism);
        if (parts <= 1 || Stopwatch.GetTimestamp() < Volatile.Read(ref _soloUntil) || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            if (parts > 1) SoloJobs++;
            for (var p = 0; p < parts; p++) job.Run(p, parts);
            return;
        }
        ParallelJobs++;
        try
        {
            _job = job;
            _parts = parts;
            _error = null;
            Volatile.Write(ref _pending, parts - 1);
            for (var w = 0; w < parts - 1; w++) Workers[w].Start();
            var started = Stopwatch.GetTimestamp();
            job.Run(0, parts);
            // A worker that has not picked up its part yet (descheduled by other load, or still waking) is
            // cancelled and its part runs here: with the jobs' first-come chunks it usually finds nothing left,
            // so the caller never waits for a thread that had no work to do.
            for (var w = 0; w < parts - 1; w++)
            {
                if (!Workers[w].TryCancel()) continue;
                job.Run(w + 1, parts);
                Interlocked.Decrement(ref _pending);
            }
            var ownDone = Stopwatch.GetTimestamp();
            var spinner = new SpinWait();
            var phase = StepProfiler.Enter(StepProfiler.Phase.ThreadWait);
            while (Volatile.Read(ref _pending) != 0) spinner.SpinOnce(sleep1Threshold: -1);
            StepProfiler.Exit(phase);
            NoteWait(ownDone - started, Stopwatch.GetTimestamp() - ownDone);
            if (_error is { } e) throw new AggregateException("A kernel worker failed.", e);
        }
        finally
        {
            _job = null;
            Volatile.Write(ref _busy, 0);
        }
    }

    // Oversubscription guard. On a machine shared with other busy processes a worker can be descheduled
    // for milliseconds while it holds a chunk, and the caller then waits instead of computing (PyTorch's
    // OpenMP threads show the same collapse). When the caller waits longer than half the time it spent
    // on its own share three jobs in a row, jobs run on the calling thread alone for a quarter second.
    static readonly long SoloTicks = Stopwatch.Frequency / 4, SlackTicks = Stopwatch.Frequency / 5000;
    static long _soloUntil;
    static int _slowWaits;

    static void NoteWait(long ownTicks, long waitTicks)
    {
        if (waitTicks <= ownTicks / 2 + SlackTicks)
        {
            _slowWaits = 0;
            return;
        }
        if (++_slowWaits < 3) return;
        _slowWaits = 0;
        Volatile.Write(ref _soloUntil, Stopwatch.GetTimestamp() + SoloTicks);
    }

    static Worker[] CreateWorkers()
    {
        var count = Math.Clamp(Environment.ProcessorCount, 1, 16) - 1;
        var workers = new Worker[count];
        for (var i = 0; i < count; i++) workers[i] = new Worker(i + 1);
        return workers;
    }

    sealed class Worker
    {
        // Spin this long after a job before sleeping: the gap between two GEMMs of one LSTM step is
        // a few microseconds of element-wise work, far shorter than a futex wake-up.
        static readonly long SpinTicks = Stopwatch.Frequency / 20000; // 50 µs
        readonly int _part;
        readonly ManualResetEventSlim _wake = new(false, 0);
        int _generation;

        // Who runs this worker's part of the current job: Open until the worker (Claimed) or the caller
        // (Cancelled) takes it with a compare-exchange, so exactly one of them does.
        const int Open = 0, Claimed = 1, Cancelled = 2;
        int _claim = Cancelled;

        public Worker(int part)
        {
            _part = part;
            new Thread(Loop) { IsBackground = true, Name = $"MusicGen kernel worker {part}" }.Start();
        }

        public void Start()
        {
            Volatile.Write(ref _claim, Open);
            Interlocked.Increment(ref _generation);
            _wake.Set();
        }

        /// <summary>Takes this worker's part for the caller if the worker has not started it.</summary>
        public bool TryCancel() => Interlocked.CompareExchange(ref _claim, Cancelled, Open) == Open;

        void Loop()
        {
            var seen = 0;
            while (true)
            {
                var since = Stopwatch.GetTimestamp();
                while (Volatile.Read(ref _generation) == seen)
                {
                    if (Stopwatch.GetTimestamp() - since < SpinTicks) { Thread.SpinWait(20); continue; }
                    // Start() bumps the generation before Set(), so checking after Reset() loses no wake-up.
                    _wake.Wait();
                    _wake.Reset();
                }
                seen = Volatile.Read(ref _generation);
                // The caller may have cancelled this part already (and may even have started the next job, whose
                // Open claim is then the one taken here; its fields are set before Start, so that is safe).
                if (Interlocked.CompareExchange(ref _claim, Claimed, Open) != Open) continue;
                try
                {
                    _job!.Run(_part, _parts);
                }
                catch (Exception e)
                {
                    _error = e;
                }
                Interlocked.Decrement(ref _pending);
            }
        }
    }
}
