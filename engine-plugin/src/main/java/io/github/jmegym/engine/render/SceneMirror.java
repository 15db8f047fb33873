package io.github.jmegym.engine.render;

import com.jme3.asset.AssetManager;
import com.jme3.light.AmbientLight;
import com.jme3.light.DirectionalLight;
import com.jme3.material.Material;
import com.jme3.math.ColorRGBA;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import com.jme3.scene.Geometry;
import com.jme3.scene.Node;
import com.jme3.scene.Spatial;
import io.github.jmegym.engine.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * A render-only copy of a world's scene: one geometry per source geometry (own copy of the mesh, a material
 * from its {@link Tags#colorOf colour}), all directly under one root, posed from world transforms captured on the
 * simulation's thread. The simulation keeps its scene graph to itself; the render thread draws the mirror.
 */
public final class SceneMirror {
    /** Floats per captured geometry: translation (3), rotation (4), scale (3), visible (1). */
    static final int FLOATS = 11;
    private final List<Geometry> sources = new ArrayList<>();
    private final List<Geometry> copies = new ArrayList<>();
    private final List<ColorRGBA> colors = new ArrayList<>();
    private final Node root = new Node("jmegym-mirror");
    private boolean styled;

    /** Mirrors the geometries below {@code sourceRoot}, in scene-graph order (call on the simulation's thread). */
    public SceneMirror(Node sourceRoot) {
        sourceRoot.depthFirstTraversal(s -> {
            if (s instanceof Geometry g) {
                sources.add(g);
                Geometry copy = new Geometry(g.getName(), g.getMesh().deepClone());
                copies.add(copy);
                ColorRGBA c = Tags.colorOf(g);
                colors.add(c == null ? new ColorRGBA(0.7f, 0.7f, 0.7f, 1f) : c);
                root.attachChild(copy);
            }
        });
    }

    /** The world transforms of the source geometries now (call on the simulation's thread). */
    public float[] capture() {
        float[] out = new float[sources.size() * FLOATS];
        for (int i = 0; i < sources.size(); i++) {
            Geometry g = sources.get(i);
            Vector3f t = g.getWorldTranslation();
            Quaternion r = g.getWorldRotation();
            Vector3f s = g.getWorldScale();
            int k = i * FLOATS;
            out[k] = t.x;
            out[k + 1] = t.y;
            out[k + 2] = t.z;
            out[k + 3] = r.getX();
            out[k + 4] = r.getY();
            out[k + 5] = r.getZ();
            out[k + 6] = r.getW();
            out[k + 7] = s.x;
            out[k + 8] = s.y;
            out[k + 9] = s.z;
            boolean visible = true;
            for (Spatial p = g; p != null; p = p.getParent()) {
                if (p.getLocalCullHint() == Spatial.CullHint.Always) {
                    visible = false;
                    break;
                }
            }
            out[k + 10] = visible ? 1f : 0f;
        }
        return out;
    }

    /** Poses the copies (render thread) and updates the mirror's geometric state. */
    public void apply(float[] pose) {
        if (pose.length != copies.size() * FLOATS) {
            throw new IllegalArgumentException("SceneMirror: pose of " + pose.length / FLOATS + " geometries for "
                    + copies.size());
        }
        for (int i = 0; i < copies.size(); i++) {
            int k = i * FLOATS;
            Geometry c = copies.get(i);
            c.setLocalTranslation(pose[k], pose[k + 1], pose[k + 2]);
            c.setLocalRotation(new Quaternion(pose[k + 3], pose[k + 4], pose[k + 5], pose[k + 6]));
            c.setLocalScale(pose[k + 7], pose[k + 8], pose[k + 9]);
            c.setCullHint(pose[k + 10] > 0.5f ? Spatial.CullHint.Inherit : Spatial.CullHint.Always);
        }
        root.updateLogicalState(0f);
        root.updateGeometricState();
    }

    /** Gives the copies their materials and the root its lights, once (render thread). */
    public void style(AssetManager assets, SceneStyle style) {
        if (styled) {
            return;
        }
        for (int i = 0; i < copies.size(); i++) {
            ColorRGBA c = colors.get(i);
            Material m;
            if (style.lit()) {
                m = new Material(assets, "Common/MatDefs/Light/Lighting.j3md");
                m.setBoolean("UseMaterialColors", true);
                m.setColor("Diffuse", c);
                m.setColor("Ambient", c);
                m.setColor("Specular", ColorRGBA.Black);
            } else {
                m = new Material(assets, "Common/MatDefs/Misc/Unshaded.j3md");
                m.setColor("Color", c);
            }
            copies.get(i).setMaterial(m);
        }
        if (style.lit()) {
            DirectionalLight sun = new DirectionalLight(new Vector3f(-0.4f, -1f, 0.6f).normalizeLocal(),
                    new ColorRGBA(0.75f, 0.75f, 0.75f, 1f));
            root.addLight(sun);
            root.addLight(new AmbientLight(new ColorRGBA(0.35f, 0.35f, 0.35f, 1f)));
        }
        styled = true;
    }

    /** The mirror's root (render thread only once rendering has started). */
    public Node root() {
        return root;
    }

    /** Number of mirrored geometries. */
    public int size() {
        return copies.size();
    }
}
