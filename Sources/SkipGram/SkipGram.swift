import SenseVecCore

/// The SkipGram module trains word vectors with word2vec's skip-gram and CBOW models
/// (Mikolov et al., "Efficient Estimation of Word Representations in Vector Space", 2013, and
/// "Distributed Representations of Words and Phrases and their Compositionality", 2013).
///
/// Entry points: ``SkipGramConfiguration`` (validated settings), ``SkipGramTrainer`` (Hogwild training with
/// progress events and checkpoints), ``SkipGramModel`` (vocabulary + both weight matrices, saved as a native
/// model file of kind "skipgram"). The output layers ``BinaryLogisticOutput`` (negative sampling and
/// hierarchical softmax) and ``SoftmaxOutput`` (exact softmax), the ``NegativeSampler`` and ``SharedWeights``
/// are public so other trainers can reuse them; the kernels (`VectorKernels`), the subsampler (`Subsampler`) and
/// the learning-rate schedule (`LearningRateSchedule`) are SenseVecCore's, shared with the multi-sense trainer.
public enum SkipGramModule {
    /// The native model kind written by this module.
    public static let modelKind = ModelFile.skipGramKind
}
