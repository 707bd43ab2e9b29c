/// Draws a ``PlotScene`` into a ``Raster`` (the PNG path). Primitives map one to one onto raster operations.
public enum RasterRenderer {
    public static func render(_ scene: PlotScene) -> Raster {
        var raster = Raster(width: scene.width, height: scene.height, background: scene.background)
        for element in scene.elements {
            switch element {
            case let .circle(center, radius, fill, stroke, strokeWidth):
                raster.fillCircle(center: center, radius: radius, color: fill, stroke: stroke, strokeWidth: strokeWidth)
            case let .polyline(points, width, color, dashed):
                raster.strokePolyline(points, width: width, color: color, dashed: dashed)
            case let .rectangle(rect, fill, stroke, strokeWidth):
                if let fill { raster.fillRect(rect, color: fill) }
                if let stroke { raster.strokeRect(rect, color: stroke, lineWidth: strokeWidth) }
            case let .text(text, at, size, color, anchor):
                raster.drawText(text, at: at, size: size, color: color, anchor: anchor)
            }
        }
        return raster
    }
}
