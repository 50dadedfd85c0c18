import { Field, ObjectType, Query, Resolver, createUnionType } from "type-graphql";
import { coreModule } from "../../core";
import { buildPlatformSchema, createSchemaPubSub } from "../../core/graphql/schema";
import { defineModule } from "../../core/kernel/module";
import { ModuleRegistry } from "../../core/kernel/registry";

@ObjectType()
class Cat {
  @Field(() => String)
  name: string;
}

@ObjectType()
class Dog {
  @Field(() => String)
  name: string;
}

const Pet = createUnionType({ name: "Pet", types: () => [Cat, Dog] as const, resolveType: () => "Cat" });

@Resolver()
class PetResolver {
  @Query(() => Pet, { nullable: true })
  pet(): Cat | null {
    return null;
  }
}

describe("schema assembly", () => {
  it("refuses an abstract type the compiled executor could not resolve synchronously", async () => {
    const pets = defineModule({ name: "pets", description: "Test: a union of plain object types", resolvers: [PetResolver] });
    await expect(buildPlatformSchema(ModuleRegistry.resolve(coreModule, [pets], undefined), createSchemaPubSub())).rejects.toThrow(
      "Pet has members that are not node types (Cat, Dog)",
    );
  });
});
