extension BenchProgress {
    /// What the progress line shows, from where the scheduler stands.
    /// `latest` is the configuration that just recorded a sample;
    /// `repeatCount` is per block (run), of which there are `blocks`.
    public init(_ progress: BenchmarkProgress, repeatCount: Int?, blocks: Int = 1, latest: Int? = nil) {
        let open = progress.entries.filter { !$0.converged && !$0.failed }
        self.init(
            configurationsDone: progress.configurationsDone,
            configurationsTotal: progress.entries.count,
            samplesTaken: progress.samplesTaken,
            samplesPlanned: repeatCount.map { $0 * progress.entries.count * blocks },
            // The widest interval still sampling is what keeps the run going.
            currentPrecision: open.compactMap(\.precision).max(),
            targetPrecision: repeatCount == nil ? progress.targetPrecision : nil,
            elapsed: progress.elapsedSeconds,
            timeLimit: progress.maxTime,
            current: latest.flatMap { progress.entries.indices.contains($0) ? progress.entries[$0].name : nil })
    }
}
