/// The version of SenseVec.
public enum SenseVecVersion {
    public static let string = "0.1.0"
}
