// Several classes here use libtorch's process-wide state (the default random generator, thread counts):
// run them one at a time so a test's random initialisation is not consumed by another test.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
