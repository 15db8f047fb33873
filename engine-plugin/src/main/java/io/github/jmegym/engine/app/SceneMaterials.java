package io.github.jmegym.engine.app;

import com.jme3.asset.AssetManager;
import com.jme3.material.Material;
import com.jme3.math.ColorRGBA;
import com.jme3.scene.Geometry;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.Tags;

/** Gives every geometry of a world's scene that has no material a lit one in its {@link Tags#colorOf} colour. */
public final class SceneMaterials {
    private SceneMaterials() {
    }

    /**
     * Walks the scene and sets a {@code Lighting.j3md} material (diffuse = ambient = the tag colour, grey when none)
     * on each geometry without a material. Render thread (or before the scene is attached).
     *
     * @return the number of geometries given a material
     */
    public static int apply(Spatial root, AssetManager assets) {
        int[] count = {0};
        root.depthFirstTraversal(s -> {
            if (s instanceof Geometry g && g.getMaterial() == null) {
                ColorRGBA c = Tags.colorOf(g);
                if (c == null) {
                    c = ColorRGBA.Gray;
                }
                Material m = new Material(assets, "Common/MatDefs/Light/Lighting.j3md");
                m.setBoolean("UseMaterialColors", true);
                m.setColor("Diffuse", c);
                m.setColor("Ambient", c);
                g.setMaterial(m);
                count[0]++;
            }
        });
        return count[0];
    }
}
